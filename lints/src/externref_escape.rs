use rustc_errors::DiagDecorator;
use rustc_hir::def::DefKind;
use rustc_hir::def_id::{DefId, LOCAL_CRATE};
use rustc_middle::mir::{Body, Local, Operand, RETURN_PLACE, SourceInfo, Terminator, TerminatorKind};
use rustc_middle::ty::print::with_forced_trimmed_paths;
use rustc_middle::ty::{self, Ty, TyCtxt};
use rustc_span::{Span, Symbol, sym};

use crate::utils::externref_types::{ExternRefMarker, ExternRefTypes, externref_types};
use crate::utils::holders::{Holder, Holders, initialised_holder, writes_through_pointer};
use crate::linear::types::LinearTypes;
use crate::utils::mir::lint_root;
use crate::utils::paths::{WASM_CRATE, is_std_item};
use crate::utils::type_contains::Marker;
use crate::utils::value_fate::{Fate, fate};
use crate::utils::value_origin::{Origin, SourceKind, ValueOrigins, hides_contents};

rustc_session::declare_tool_lint! {
    /// ### What it does
    /// Flags a host reference (`wasm::ExternRef<T>`, `wasm::FuncRef`), or a value holding one (a
    /// struct field, `Option`, `Vec`, `Box`, a closure capture, a `#[wasm::linear]` type), that
    /// is kept where it outlives the code that owns it:
    ///
    /// - stored in a `static` or `static mut` (through `RefCell`, `Mutex`, `OnceLock`,
    ///   `LazyLock`, ... too), or in a `thread_local!` (`with`, `set`, `replace`,
    ///   `with_borrow_mut`, and the initial value);
    /// - leaked by `mem::forget`, `Box::leak` or `Vec::leak`; put in a `ManuallyDrop` that the
    ///   function never takes back; turned into a raw handle (`ExternRef::into_raw`) or pointer
    ///   (`Box::into_raw`) that never reaches `from_raw`;
    /// - captured by a wasm-bindgen `Closure` handed to the host with `Closure::forget` or
    ///   `Closure::into_js_value`.
    ///
    /// ### Why is this bad?
    /// A host reference keeps its host object (a DOM node, a canvas, a JS function) alive in the
    /// host's reference table until it is dropped. One that is never dropped pins the object for
    /// the life of the module: a slow leak per call, which in a long-running page ends with the
    /// table full. A reference in a `static` is worse: wasm threads share statics, but a handle
    /// only means something in the table of the thread (JS realm) that made it. It is a warning
    /// because a reference that deliberately lives as long as the program (the page's `document`,
    /// a callback registered once) is sometimes right: allow it there, or on the `static` or
    /// thread-local to allow every store into it.
    ///
    /// Forgetting a `#[wasm::linear]` value is `linear_forgotten`'s report, also when it holds a
    /// reference: this lint stays quiet there. Code the `wasm` macros generate, and the `wasm`
    /// crate itself, give up and take back ownership on purpose and are not checked.
    ///
    /// ### Known problems
    /// A call given both a pointer into a static (a `&mut`, an interior-mutable `&`, a guard)
    /// and an owned reference counts as storing it; a store inside a function that gets the
    /// pointer as a parameter is reported at that call, not inside. A `static` initialised by a
    /// function item (`LazyLock::new(make)`) and raw handles stored as integers are not seen.
    ///
    /// ### Example
    /// ```rust,ignore
    /// thread_local! {
    ///     static CANVAS: RefCell<Option<ExternRef<Canvas>>> = RefCell::new(None);
    /// }
    /// #[wasm::export]
    /// fn start(canvas: ExternRef<Canvas>) {
    ///     CANVAS.with(|c| *c.borrow_mut() = Some(canvas));
    /// }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// #[wasm::export]
    /// fn draw_frame(canvas: &ExternRef<Canvas>, t: f64) {
    ///     // the host passes the canvas to every call that needs it
    /// }
    /// ```
    pub wasm_lint::EXTERNREF_ESCAPE,
    Warn,
    "a host reference is stored in a static or thread-local, or leaked, so it is never released",
    report_in_external_macro: true
}

/// Closures passed along with a pointer into a holder are followed this deep.
const MAX_DIVE: usize = 3;

/// How a host reference escapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Escape {
    Store(Holder),
    Leak(Leak),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Leak {
    /// `mem::forget`.
    Forget,
    /// `Box::leak`.
    Boxed,
    /// `Vec::leak`.
    Vector,
    /// `ManuallyDrop::new` never taken back.
    ManuallyDrop,
    /// `Box::into_raw` / `Rc::into_raw` never given to `from_raw`.
    IntoRawPointer,
    /// `ExternRef::into_raw` never given to `ExternRef::from_raw`.
    IntoRawHandle,
    /// `wasm_bindgen::closure::Closure::forget`.
    ClosureForget,
    /// `wasm_bindgen::closure::Closure::into_js_value`.
    ClosureIntoJs,
}

impl Leak {
    fn of(tcx: TyCtxt<'_>, callee: DefId, marker: &ExternRefMarker) -> Option<Leak> {
        let std = |path: &[&str]| is_std_item(tcx, callee, path);
        if tcx.is_diagnostic_item(sym::mem_forget, callee) {
            return Some(Leak::Forget);
        }
        if std(&["Box", "leak"]) {
            return Some(Leak::Boxed);
        }
        if std(&["Vec", "leak"]) {
            return Some(Leak::Vector);
        }
        if std(&["ManuallyDrop", "new"]) {
            return Some(Leak::ManuallyDrop);
        }
        if std(&["Box", "into_raw"]) || std(&["Rc", "into_raw"]) {
            return Some(Leak::IntoRawPointer);
        }
        let (adt, name) = inherent_method(tcx, callee)?;
        if marker.is_reference_type(adt) && name.as_str() == "into_raw" {
            return Some(Leak::IntoRawHandle);
        }
        let closure_type = matches!(tcx.item_name(adt).as_str(), "Closure" | "ScopedClosure");
        if closure_type && tcx.crate_name(adt.krate).as_str() == "wasm_bindgen" {
            return match name.as_str() {
                "forget" => Some(Leak::ClosureForget),
                "into_js_value" => Some(Leak::ClosureIntoJs),
                _ => None,
            };
        }
        None
    }

    /// `linear_forgotten` already reports these for linear values; it speaks, this lint does not.
    fn linear_forgotten_speaks(self) -> bool {
        matches!(self, Leak::Forget | Leak::Boxed | Leak::ManuallyDrop | Leak::IntoRawPointer)
    }

    /// Whether the value is leaked only if the body never takes it back, and by what.
    fn taken_back_by(self, tcx: TyCtxt<'_>, marker: &ExternRefMarker, callee: DefId) -> bool {
        let std = |path: &[&str]| is_std_item(tcx, callee, path);
        match self {
            Leak::ManuallyDrop => {
                std(&["ManuallyDrop", "into_inner"]) || std(&["ManuallyDrop", "take"]) || std(&["ManuallyDrop", "drop"])
            }
            Leak::IntoRawPointer => std(&["Box", "from_raw"]) || std(&["Rc", "from_raw"]),
            Leak::IntoRawHandle => inherent_method(tcx, callee)
                .is_some_and(|(adt, name)| marker.is_reference_type(adt) && name.as_str() == "from_raw"),
            _ => false,
        }
    }

    fn conditional(self) -> bool {
        matches!(self, Leak::ManuallyDrop | Leak::IntoRawPointer | Leak::IntoRawHandle)
    }
}

/// Checks one body (a function, method or closure) on the MIR borrowck sees.
pub fn check_body<'tcx>(tcx: TyCtxt<'tcx>, body: &Body<'tcx>) {
    let def_id = body.source.def_id().expect_local();
    // The library's own code (the ABI glue above all) gives up ownership on purpose.
    if tcx.crate_name(LOCAL_CRATE).as_str() == WASM_CRATE || from_wasm_macros(tcx, body.span) {
        return;
    }
    let Some(types) = externref_types(tcx, def_id) else { return };
    let holders = Holders::new(tcx, body, &types);
    let init = initialised_holder(tcx, def_id, &types);
    // Most bodies have nothing that holds or points to a host reference: done.
    let relevant = |ty: Ty<'tcx>| match *ty.kind() {
        ty::Ref(_, pointee, _) | ty::RawPtr(pointee, _) => holders.holds(pointee),
        _ => holders.holds(ty),
    };
    if init.is_none() && !body.local_decls.iter().any(|decl| relevant(decl.ty)) {
        return;
    }
    let origins = ValueOrigins::new(tcx, body, &types, Vec::new());
    let cx = BodyCx { tcx, body, types: &types, holders, origins };
    cx.check_leaks(LinearTypes::new(tcx, def_id).as_ref());
    cx.check_stores(&[], true, init, 0);
}

struct BodyCx<'a, 'tcx> {
    tcx: TyCtxt<'tcx>,
    body: &'a Body<'tcx>,
    types: &'a ExternRefTypes<'tcx>,
    holders: Holders<'a, 'tcx, ExternRefMarker>,
    origins: ValueOrigins<'a, 'tcx, ExternRefMarker>,
}

impl<'a, 'tcx> BodyCx<'a, 'tcx> {
    fn check_leaks(&self, linear: Option<&LinearTypes<'tcx>>) {
        let tcx = self.tcx;
        for block in self.body.basic_blocks.iter().filter(|b| !b.is_cleanup) {
            let term = block.terminator();
            let TerminatorKind::Call { func, args, destination, .. } = &term.kind else { continue };
            let Some((callee, _)) = func.const_fn_def() else { continue };
            let Some(leak) = Leak::of(tcx, callee, self.types.marker()) else { continue };
            let Some(arg) = args.first() else { continue };
            let span = term.source_info.span;
            if from_wasm_macros(tcx, span) {
                continue;
            }
            let Some(origin) = self.origins.operand(&arg.node, span) else { continue };
            let ty = arg.node.ty(self.body, tcx);
            if leak.linear_forgotten_speaks() && linear.is_some_and(|l| l.contains_linear(ty)) {
                continue;
            }
            if leak.conditional()
                && fate(tcx, self.body, *destination, |c| leak.taken_back_by(tcx, self.types.marker(), c)) != Fate::Lost
            {
                continue;
            }
            self.report(term.source_info, Escape::Leak(leak), self.own_name(&arg.node), ty, origin);
        }
    }

    /// Stores into holders: through pointers into one (`seeds`, and pointers to statics in the
    /// body when `with_constants`), or into the result of a body that initialises `init`.
    fn check_stores(&self, seeds: &[(Local, Holder)], with_constants: bool, init: Option<Holder>, depth: usize) {
        let tcx = self.tcx;
        let body = self.body;
        let roots = self.holders.roots(seeds, with_constants);
        if roots.is_empty() && init.is_none() {
            return;
        }
        let root_of = |op: &Operand<'tcx>| match op {
            Operand::Copy(place) | Operand::Move(place) => roots.get(&place.local).copied(),
            Operand::Constant(_) if with_constants => self.holders.holder_of_constant(op),
            _ => None,
        };
        for (bb, block) in body.basic_blocks.iter_enumerated() {
            if block.is_cleanup {
                continue;
            }
            for stmt in &block.statements {
                let Some((place, rvalue)) = stmt.kind.as_assign() else { continue };
                let holder = if writes_through_pointer(*place) {
                    roots.get(&place.local).copied()
                } else if place.local == RETURN_PLACE {
                    init
                } else {
                    None
                };
                let span = stmt.source_info.span;
                if let Some(holder) = holder
                    && !from_wasm_macros(tcx, span)
                    && let Some(origin) = self.origins.rvalue(rvalue, span)
                {
                    self.report(stmt.source_info, Escape::Store(holder), None, rvalue.ty(body, tcx), origin);
                }
            }
            let term = block.terminator();
            let TerminatorKind::Call { func, args, destination, .. } = &term.kind else { continue };
            if from_wasm_macros(tcx, term.source_info.span)
                || func.const_fn_def().is_some_and(|(c, _)| is_wasm_glue(tcx, c))
            {
                continue;
            }
            if destination.local == RETURN_PLACE
                && let Some(holder) = init
            {
                if let Some(origin) = self.origins.call_result(bb) {
                    self.report(term.source_info, Escape::Store(holder), None, destination.ty(body, tcx).ty, origin);
                }
                continue;
            }
            let rooted = args.iter().enumerate().filter_map(|(i, arg)| Some((i, root_of(&arg.node)?)));
            let receiving = rooted.clone().find(|&(i, _)| self.holders.receives(args[i].node.ty(body, tcx)));
            if let Some((pointer, holder)) = receiving.or(rooted.clone().next()) {
                self.check_call(term, pointer, holder, receiving.is_some(), depth);
            }
        }
    }

    /// A call given a pointer into `holder` (its argument `pointer`; one a value can be stored
    /// through when `receives`).
    fn check_call(&self, term: &Terminator<'tcx>, pointer: usize, holder: Holder, receives: bool, depth: usize) {
        let tcx = self.tcx;
        let body = self.body;
        let TerminatorKind::Call { func, args, destination, .. } = &term.kind else { return };
        let span = term.source_info.span;
        let others = || (0..args.len()).filter(move |&i| i != pointer).map(|i| (i, &args[i]));
        if receives {
            // An owned reference moved in next to the pointer: `v.push(r)`, `cell.set(r)`,
            // `KEY.replace(r)`, `mem::replace(&mut *guard, r)`.
            let moved_in = others()
                .map(|(_, arg)| &arg.node)
                .filter(|op| matches!(op, Operand::Move(_)) && !is_closure(op.ty(body, tcx)))
                .find_map(|op| Some((op, self.origins.operand(op, span)?)));
            if let Some((op, origin)) = moved_in {
                self.report(term.source_info, Escape::Store(holder), self.own_name(op), op.ty(body, tcx), origin);
                return;
            }
            // `cell.get_or_init(|| make())`: what the closure makes is kept, unless the call
            // hands it back (`KEY.with(|c| c.borrow().clone())`).
            let made = others().find_map(|(i, arg)| Some((arg, self.origins.made_by_argument(func, args, i)?)));
            if !self.origins.may_carry(destination.ty(body, tcx).ty)
                && let Some((arg, made)) = made
            {
                let origin = Origin { span: arg.span, kind: SourceKind::Created, name: None, ty: made, hidden: None };
                self.report(term.source_info, Escape::Store(holder), None, made, origin);
                return;
            }
        }
        // `KEY.with(|c| *c.borrow_mut() = Some(r))`: the closure gets the pointer.
        if depth < MAX_DIVE {
            for (_, arg) in others() {
                self.dive(&arg.node, holder, depth);
            }
        }
    }

    /// Checks the body of the closure `op` for stores through its pointer parameters, which the
    /// call it is passed to points into `holder`.
    fn dive(&self, op: &Operand<'tcx>, holder: Holder, depth: usize) {
        let tcx = self.tcx;
        let ty::Closure(def_id, _) = *op.ty(self.body, tcx).kind() else { return };
        let Some(local) = def_id.as_local() else { return };
        let (steal, _) = tcx.mir_promoted(local);
        if steal.is_stolen() {
            return;
        }
        let body = steal.borrow();
        if body.tainted_by_errors.is_some() {
            return;
        }
        let holders = Holders::new(tcx, &body, self.types);
        // Local 1 is the closure itself; its parameters follow. Those that point into
        // something that can hold a reference are taken to point into the holder.
        let seeds: Vec<(Local, Holder)> = (2..=body.arg_count)
            .map(Local::from_usize)
            .filter(|&l| {
                let ty = body.local_decls[l].ty;
                match *ty.kind() {
                    ty::Ref(_, pointee, _) | ty::RawPtr(pointee, _) => holders.holds(pointee),
                    _ => holders.receives(ty),
                }
            })
            .map(|l| (l, holder))
            .collect();
        if seeds.is_empty() {
            return;
        }
        let origins = ValueOrigins::new(tcx, &body, self.types, self.origins.captures_of(op));
        let inner = BodyCx { tcx, body: &body, types: self.types, holders, origins };
        inner.check_stores(&seeds, false, None, depth + 1);
    }

    /// The user variable an operand is, if it is one.
    fn own_name(&self, op: &Operand<'tcx>) -> Option<Symbol> {
        self.origins.name_of(op)
    }

    /// Reports a host reference (of a value `own`, of type `ty`, from `origin`) escaping at `at`.
    fn report(&self, at: SourceInfo, escape: Escape, own: Option<Symbol>, ty: Ty<'tcx>, origin: Origin<'tcx>) {
        let tcx = self.tcx;
        // Library macros' own plumbing (`thread_local!`'s storage) is not the user's escape.
        if at.span.in_external_macro(tcx.sess.source_map()) {
            return;
        }
        if let Escape::Store(holder) = escape
            && let Some(local) = holder.def_id().and_then(|d| d.as_local())
            && tcx.lint_level_spec_at_node(EXTERNREF_ESCAPE, tcx.local_def_id_to_hir_id(local)).is_allow()
        {
            return; // allowed on the static or thread-local itself
        }
        let subject = self.subject(own, ty, &origin);
        let (verb, consequence) = match escape {
            Escape::Store(holder) => (format!("is stored in {}", self.holder_name(holder)), match holder {
                Holder::Static(_) => "it is never released, and statics are shared with threads in which its handle means nothing",
                Holder::ThreadLocal(_) => "it is not released until the thread exits",
            }),
            Escape::Leak(leak) => (
                match leak {
                    Leak::Forget => "is leaked by `mem::forget`",
                    Leak::Boxed => "is leaked by `Box::leak`",
                    Leak::Vector => "is leaked by `Vec::leak`",
                    Leak::ManuallyDrop => "is put in a `ManuallyDrop` that is never taken back",
                    Leak::IntoRawPointer => "is turned into a raw pointer that never reaches `from_raw`",
                    Leak::IntoRawHandle => "is turned into a raw handle that never reaches `ExternRef::from_raw`",
                    Leak::ClosureForget => "is handed to the host by `Closure::forget`",
                    Leak::ClosureIntoJs => "is handed to the host by `Closure::into_js_value`",
                }
                .to_string(),
                match leak {
                    Leak::ClosureForget => "the closure is never dropped, so its host object is never released",
                    Leak::ClosureIntoJs => "the closure is dropped only if the JS garbage collector collects the function, so its host object may never be released",
                    _ => "its host object is never released",
                },
            ),
        };
        let message = format!("{subject} {verb}: {consequence}");
        let primary = match escape {
            Escape::Store(_) => "stored here",
            Escape::Leak(Leak::ManuallyDrop) => "wrapped here",
            Escape::Leak(Leak::IntoRawPointer | Leak::IntoRawHandle) => "ownership given up here",
            Escape::Leak(Leak::ClosureForget | Leak::ClosureIntoJs) => "handed to the host here",
            Escape::Leak(_) => "leaked here",
        };
        let source = match origin.kind {
            SourceKind::Param => "passed in here",
            SourceKind::Created => "created here",
            SourceKind::Captured => "captured here",
            SourceKind::MovedOut => "moved out of here",
        };
        let declared = match escape {
            Escape::Store(holder) => holder.def_id().map(|d| (tcx.def_ident_span(d).unwrap_or(tcx.def_span(d)), tcx.item_name(d))),
            Escape::Leak(_) => None,
        };
        let help = help(escape);
        tcx.emit_node_span_lint(
            EXTERNREF_ESCAPE,
            lint_root(tcx, self.body, at.scope),
            at.span,
            DiagDecorator(|diag| {
                diag.primary_message(message);
                diag.span_label(at.span, primary);
                if origin.span != at.span && !origin.span.is_dummy() {
                    diag.span_label(origin.span, source);
                }
                if let Some((span, name)) = declared {
                    diag.span_note(span, format!("`{name}` is declared here"));
                }
                diag.help(help);
            }),
        );
    }

    /// "`r` (`ExternRef<Canvas>`)", "`Option<ExternRef<Canvas>>` holding `r`", "a closure".
    fn subject(&self, own: Option<Symbol>, ty: Ty<'tcx>, origin: &Origin<'tcx>) -> String {
        let shown = if hides_contents(ty) && !self.types.contains(ty) { origin.hidden.unwrap_or(origin.ty) } else { ty };
        // Closures and async blocks by what they are (their types print as source paths), also
        // inside the `Box` or `Pin<Box<..>>` they were in before becoming trait objects.
        let anonymous = shown.walk().filter_map(|arg| arg.as_type()).find_map(|t| match t.kind() {
            ty::Closure(..) => Some("a closure"),
            ty::CoroutineClosure(..) => Some("an async closure"),
            ty::Coroutine(..) => Some("an async block"),
            _ => None,
        });
        let ty_text = match anonymous {
            Some(text) => text.to_string(),
            None => with_forced_trimmed_paths!(format!("`{shown}`")),
        };
        let marked = self.types.marker().is_marked(shown);
        match (own, origin.name) {
            // The source is another value (not this one moved around) that it holds.
            (Some(own), Some(source)) if own != source && shown != origin.ty => {
                format!("`{own}` ({ty_text} holding `{source}`)")
            }
            (Some(own), _) => format!("`{own}` ({ty_text})"),
            (None, Some(source)) if marked || shown == origin.ty => format!("`{source}` ({ty_text})"),
            (None, Some(source)) => format!("{ty_text} holding `{source}`"),
            (None, None) => ty_text,
        }
    }

    fn holder_name(&self, holder: Holder) -> String {
        let tcx = self.tcx;
        match holder {
            Holder::Static(def_id) => {
                let keyword = if tcx.is_mutable_static(def_id) { "static mut" } else { "static" };
                format!("`{keyword} {}`", tcx.item_name(def_id))
            }
            Holder::ThreadLocal(Some(def_id)) => format!("thread-local `{}`", tcx.item_name(def_id)),
            Holder::ThreadLocal(None) => "a thread-local".to_string(),
        }
    }
}

fn help(escape: Escape) -> String {
    const ALLOW: &str = "`#[cfg_attr(wasm_lint, allow(wasm_lint::externref_escape))]`";
    match escape {
        Escape::Store(holder) => {
            let item = match holder {
                Holder::Static(_) => "static",
                Holder::ThreadLocal(_) => "thread-local",
            };
            format!(
                "keep the reference in a value owned by the call (have the host pass it to each call that needs it), or clone it for the call and let the clone drop; for a deliberate process-lifetime reference, add {ALLOW} here or on the {item}"
            )
        }
        Escape::Leak(Leak::ManuallyDrop) => format!(
            "take it back with `ManuallyDrop::into_inner` or release it with `ManuallyDrop::drop`; for a deliberate leak, add {ALLOW}"
        ),
        Escape::Leak(Leak::IntoRawHandle | Leak::IntoRawPointer) => format!(
            "give it back to `from_raw` when done (or to the host, which then owns it), or keep the owned value; for a deliberate leak, add {ALLOW}"
        ),
        Escape::Leak(Leak::ClosureForget | Leak::ClosureIntoJs) => format!(
            "keep the `Closure` in a value that is dropped when the callback is no longer needed (dropping it invalidates the JS function and releases what it captured); for a callback that lives as long as the page, add {ALLOW}"
        ),
        Escape::Leak(_) => format!(
            "let it drop, which releases the host object, or keep it in a value that is dropped when done; for a deliberate leak, add {ALLOW}"
        ),
    }
}

/// The ADT and name of an inherent method (`ExternRef::into_raw` gives `(ExternRef, into_raw)`).
fn inherent_method(tcx: TyCtxt<'_>, def_id: DefId) -> Option<(DefId, Symbol)> {
    let parent = tcx.opt_parent(def_id)?;
    if !matches!(tcx.def_kind(parent), DefKind::Impl { of_trait: false }) {
        return None;
    }
    match tcx.type_of(parent).instantiate_identity().skip_normalization().kind() {
        ty::Adt(adt, _) => Some((adt.did(), tcx.item_name(def_id))),
        _ => None,
    }
}

fn is_closure(ty: Ty<'_>) -> bool {
    matches!(ty.kind(), ty::Closure(..))
}

/// Code `#[wasm::export]`, `#[wasm::import]` and the other `wasm` macros generate: it gives up
/// and takes back ownership of handles on purpose.
fn from_wasm_macros(tcx: TyCtxt<'_>, span: Span) -> bool {
    span.macro_backtrace()
        .any(|expn| expn.macro_def_id.is_some_and(|d| tcx.crate_name(d.krate).as_str() == "wasm_macros"))
}

/// The `wasm` crate's ABI glue (`wasm::__private`, `wasm::abi`), called by generated code.
fn is_wasm_glue(tcx: TyCtxt<'_>, callee: DefId) -> bool {
    tcx.crate_name(callee.krate).as_str() == WASM_CRATE && {
        let path = tcx.def_path_str(callee);
        path.contains("::abi::") || path.contains("::__private::")
    }
}
