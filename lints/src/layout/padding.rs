//! Where a type's padding is, read from the layout rustc computed for it (`tcx.layout_of`).
//!
//! The walk goes through structs, tuples and arrays field by field, nested to any depth, and
//! reports every byte range that no field covers, with the path of the field it precedes. Enums,
//! unions, scalars and pointers are leaves whose bytes count as covered (whether they are plain
//! data is a separate question). A type whose layout rustc cannot compute (a generic parameter, a
//! layout error) ends the walk with `None`: never a guess, never an ICE.

use rustc_abi::{FieldIdx, FieldsShape, Variants};
use rustc_hir::def_id::DefId;
use rustc_middle::ty::layout::TyAndLayout;
use rustc_middle::ty::{self, Ty, TyCtxt, TypingEnv, Unnormalized};
use rustc_span::Symbol;

/// Deepest nesting walked; deeper fields count as covered.
const MAX_DEPTH: usize = 32;

/// One step of a path from the walked type to a field inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A named struct field, with its definition (for spans).
    Field(Symbol, DefId),
    /// A tuple field or tuple-struct field by position.
    Index(usize, Option<DefId>),
    /// Any element of an array of this many elements.
    Elem(u64),
}

/// Bytes of a value that no field covers: padding, uninitialized in every value.
#[derive(Clone, Debug)]
pub struct Gap<'tcx> {
    /// Byte offsets `start..end` from the start of the walked type (inside an array: of the
    /// array's first element).
    pub start: u64,
    pub end: u64,
    /// The aggregate whose layout leaves the gap, as a path from the walked type (empty: the
    /// walked type itself), and its type.
    pub owner: Vec<Step>,
    pub owner_ty: Ty<'tcx>,
    /// The field of `owner` the gap comes before; `None` for trailing padding.
    pub next: Option<Step>,
    /// The field of `owner` the gap comes after; `None` for padding before the first field.
    pub prev: Option<Step>,
    /// How often the gap occurs (the product of the lengths of the arrays around it).
    pub repeat: u64,
}

impl Gap<'_> {
    /// How many bytes the gap is.
    pub fn bytes(&self) -> u64 {
        self.end - self.start
    }

    /// The path of the field after the gap (`inner.b`, `items[_].x`), or of its owner when
    /// the gap is trailing (empty for trailing padding of the walked type).
    pub fn next_path(&self) -> String {
        let mut path = self.owner.clone();
        path.extend(self.next);
        path_string(&path)
    }

    /// The path of the field before the gap, or of its owner when there is none.
    pub fn prev_path(&self) -> String {
        let mut path = self.owner.clone();
        path.extend(self.prev);
        path_string(&path)
    }
}

/// `inner.b`, `items[_].x`, `0.1`: a path written the way Rust source would name it.
pub fn path_string(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Field(name, _) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name.as_str());
            }
            Step::Index(i, _) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&i.to_string());
            }
            Step::Elem(_) => out.push_str("[_]"),
        }
    }
    out
}

/// The definition of the first field on `path`, for a span in the walked type's own source.
pub fn first_field_def(path: &[Step]) -> Option<DefId> {
    match path.first()? {
        Step::Field(_, def) => Some(*def),
        Step::Index(_, def) => *def,
        Step::Elem(_) => None,
    }
}

/// Every padding gap in `ty`, outermost first, or `None` when rustc cannot lay `ty` out.
pub fn padding<'tcx>(
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    ty: Ty<'tcx>,
) -> Option<Vec<Gap<'tcx>>> {
    let mut walker = Walker {
        tcx,
        typing_env,
        gaps: Vec::new(),
    };
    walker.walk(ty, 0, &mut Vec::new(), 1)?;
    Some(walker.gaps)
}

/// The layout of `ty`, or `None` for any layout error (generic, too big, erroneous).
pub fn layout_of<'tcx>(
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    ty: Ty<'tcx>,
) -> Option<TyAndLayout<'tcx>> {
    tcx.layout_of(typing_env.as_query_input(ty)).ok()
}

/// The fields of a struct or tuple type (not enums or unions), normalized, with their steps.
pub fn struct_fields<'tcx>(
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    ty: Ty<'tcx>,
) -> Option<Vec<(Step, Ty<'tcx>)>> {
    match *ty.kind() {
        ty::Adt(adt, args) if adt.is_struct() => adt
            .non_enum_variant()
            .fields
            .iter()
            .map(|field| {
                let step = match field.name.as_str().parse::<usize>() {
                    Ok(index) => Step::Index(index, Some(field.did)),
                    Err(_) => Step::Field(field.name, field.did),
                };
                let field_ty = tcx
                    .try_normalize_erasing_regions(typing_env, field.ty(tcx, args))
                    .ok()?;
                Some((step, field_ty))
            })
            .collect(),
        ty::Tuple(tys) => Some(
            tys.iter()
                .enumerate()
                .map(|(i, t)| (Step::Index(i, None), t))
                .collect(),
        ),
        _ => None,
    }
}

struct Walker<'tcx> {
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    gaps: Vec<Gap<'tcx>>,
}

impl<'tcx> Walker<'tcx> {
    fn walk(&mut self, ty: Ty<'tcx>, base: u64, path: &mut Vec<Step>, repeat: u64) -> Option<()> {
        if path.len() > MAX_DEPTH {
            return Some(());
        }
        let ty = self.normalize(ty)?;
        let layout = layout_of(self.tcx, self.typing_env, ty)?;
        if layout.size.bytes() == 0 {
            return Some(());
        }
        match *ty.kind() {
            ty::Array(elem, _) => {
                let FieldsShape::Array { count, .. } = layout.fields else {
                    return Some(());
                };
                if count > 0 {
                    path.push(Step::Elem(count));
                    self.walk(elem, base, path, repeat.saturating_mul(count))?;
                    path.pop();
                }
                Some(())
            }
            ty::Adt(adt, _) if adt.is_struct() => self.aggregate(ty, layout, base, path, repeat),
            ty::Tuple(_) => self.aggregate(ty, layout, base, path, repeat),
            _ => Some(()),
        }
    }

    fn aggregate(
        &mut self,
        ty: Ty<'tcx>,
        layout: TyAndLayout<'tcx>,
        base: u64,
        path: &mut Vec<Step>,
        repeat: u64,
    ) -> Option<()> {
        let FieldsShape::Arbitrary { offsets, .. } = &layout.fields else {
            return Some(());
        };
        if !matches!(layout.variants, Variants::Single { .. }) {
            return Some(());
        }
        let fields = struct_fields(self.tcx, self.typing_env, ty)?;
        let mut placed = Vec::with_capacity(fields.len());
        for (i, (step, field_ty)) in fields.into_iter().enumerate() {
            let offset = offsets.get(FieldIdx::from_usize(i))?.bytes();
            let size = layout_of(self.tcx, self.typing_env, field_ty)?.size.bytes();
            placed.push((offset, size, step, field_ty));
        }
        placed.sort_by_key(|&(offset, size, ..)| (offset, size));
        let (mut cursor, mut prev) = (0, None);
        for (offset, size, step, field_ty) in placed {
            if size == 0 {
                continue;
            }
            if offset > cursor {
                self.gap(
                    ty,
                    (base + cursor, base + offset),
                    path,
                    (prev, Some(step)),
                    repeat,
                );
            }
            path.push(step);
            self.walk(field_ty, base + offset, path, repeat)?;
            path.pop();
            cursor = cursor.max(offset + size);
            prev = Some(step);
        }
        let size = layout.size.bytes();
        if size > cursor {
            self.gap(ty, (base + cursor, base + size), path, (prev, None), repeat);
        }
        Some(())
    }

    fn gap(
        &mut self,
        owner_ty: Ty<'tcx>,
        (start, end): (u64, u64),
        path: &[Step],
        (prev, next): (Option<Step>, Option<Step>),
        repeat: u64,
    ) {
        self.gaps.push(Gap {
            start,
            end,
            owner: path.to_vec(),
            owner_ty,
            next,
            prev,
            repeat,
        });
    }

    fn normalize(&self, ty: Ty<'tcx>) -> Option<Ty<'tcx>> {
        self.tcx
            .try_normalize_erasing_regions(self.typing_env, Unnormalized::new_wip(ty))
            .ok()
    }
}
