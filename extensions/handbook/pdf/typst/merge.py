"""Parts compiled apart, one PDF/UA-1 document: pages, structure tree, bookmarks, links, page labels.

Typst keeps a whole document in memory (about 1.8 MB a page, once its layout has
settled), so a 10,000-post book is compiled as parts (typst/pipeline.py) and put
together here with pikepdf:

- pages in order, with blank pages where duplex printing needs a right-hand page;
- one structure tree: each part's ``Document`` children under one ``Document``, the
  parent tree renumbered (``/StructParents`` of pages, ``/StructParent`` of link
  annotations), element ids made unique (tables' header cells, footnotes) and the
  ``/Headers`` that name them;
- bookmarks: each part's, in order;
- links written ``hbgo:<label>`` or ``hbpage:<n>`` become links to that page, or, when
  the page is not in this PDF (a handout), inert: the printed text is all there is;
- the front part's language, metadata (title, PDF/UA identification) and viewer settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

BLANK = None  # a blank page in the list of sources
Target = tuple[int, float | None]  # physical page index, top of the place (None: the page)


_INLINE = {"/Span", "/Link", "/Strong", "/Em", "/Code", "/Reference", "/Figure", "/Formula", "/Quote"}


@dataclass
class _Bookmark:
    title: str
    page: int
    top: float | None
    children: list


def merge(sources: list[Path | None], target: Path, resolve: Callable[[str], Target | None],
          describe: Callable[[str], str], page_labels: list[tuple[int, dict]]) -> tuple[int, list[str]]:
    """Writes ``target`` from ``sources`` (the first holds the metadata).

    Returns its number of pages and what would make assistive technology lose its way
    (a page or link whose marked content the structure tree does not hold), [] when none.
    """
    out = pikepdf.new()
    struct_root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=struct_root))
    kids, parents, ids = Array(), [], {}
    bookmarks: list[_Bookmark] = []
    next_key, size = 0, None
    opened = []
    for number, source in enumerate(sources):
        if source is BLANK:
            out.add_blank_page(page_size=size or (595.2756, 841.8898))
            continue
        src = pikepdf.open(source)
        opened.append(src)
        base = len(out.pages)
        size = tuple(float(v) for v in src.pages[0].mediabox[2:]) if len(src.pages) else size
        roots = _documents(src)
        for element in roots:
            if "/P" in element:
                del element["/P"]  # copy the part's elements, not its whole tree root
        out.pages.extend(src.pages)
        offset = next_key
        copied = [_copy(out, src, element) for element in roots]
        for element in copied:
            for kid in _as_list(element.get("/K")):
                if isinstance(kid, Dictionary) and "/S" in kid:
                    kid.P = document
                kids.append(kid)
        tree = src.Root.StructTreeRoot
        entries = list(pikepdf.NumberTree(tree.ParentTree).items())
        values = _copy(out, src, Array([value for _key, value in entries]))  # one copy: each has a cost
        parents.extend((key + offset, value) for (key, _value), value in zip(entries, values))
        next_key = offset + int(tree.get("/ParentTreeNextKey", 0))
        for page in out.pages[base:]:
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + offset
            for annot in page.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        if "/IDTree" in tree:
            _unique_ids(copied, f"p{number}-", ids)
        bookmarks.extend(_bookmarks(src, base))
        if number:  # the front stays open: its metadata and settings are copied last
            _take_streams(out, base)
            src.close()
            opened.remove(src)
    document.K = kids
    struct_root.K = Array([document])
    # Flat trees (one node): inserting into pikepdf's balanced trees one by one grows with N x N.
    struct_root.ParentTree = out.make_indirect(Dictionary(Nums=Array([x for pair in sorted(parents) for x in pair])))
    struct_root.ParentTreeNextKey = next_key
    if ids:
        struct_root.IDTree = out.make_indirect(Dictionary(
            Names=Array([x for key, value in sorted(ids.items()) for x in (pikepdf.String(key), value)])))
    front = opened[0]
    if "/RoleMap" in front.Root.StructTreeRoot:
        struct_root.RoleMap = _copy(out, front, front.Root.StructTreeRoot.RoleMap)
    out.Root.StructTreeRoot = struct_root
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in front.Root:
            out.Root[key] = _copy(out, front, front.Root[key])
    for key, value in front.docinfo.items():
        out.docinfo[key] = value
    _links(out, resolve, describe)
    _write_bookmarks(out, bookmarks)
    out.Root.PageLabels = Dictionary(Nums=Array([
        x for index, label in sorted(page_labels, key=lambda item: item[0])
        for x in (index, Dictionary({"/Type": Name.PageLabel, **label}))]))
    keys = {key for key, _value in parents}
    problems = _unheld(out, keys)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    out.save(partial, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             fix_metadata_version=False)
    partial.replace(target)
    pages = len(out.pages)
    for src in opened:
        src.close()
    return pages, problems


def _copy(out: pikepdf.Pdf, src: pikepdf.Pdf, obj):
    """``obj`` of ``src`` in ``out`` (pikepdf copies only indirect objects; what it copied before, it reuses)."""
    if not isinstance(obj, pikepdf.Object) or not obj.is_indirect:
        if not isinstance(obj, (Dictionary, Array, pikepdf.Stream)):
            return obj
        obj = src.make_indirect(obj)
    return out.copy_foreign(obj)


def _take_streams(out: pikepdf.Pdf, first: int) -> None:
    """The data of every stream the pages from ``first`` on use (contents, fonts, pictures),
    into ``out``, so that their part can be closed now: a copied stream is otherwise read
    from its part when ``out`` is saved, and every part's objects stayed in memory twice
    (the 10,000-post book's merge: 4.5 GB with its parts open, 2.8 GB without)."""
    seen: set[tuple[int, int]] = set()
    stack: list = [page.obj for page in out.pages[first:]]
    while stack:
        obj = stack.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Stream):
            obj.write(obj.read_raw_bytes(), filter=obj.get("/Filter"), decode_parms=obj.get("/DecodeParms"),
                      type_check=False)
        # Not up to a page's parent (the page tree) nor an annotation's page: walked already.
        values = list(obj) if isinstance(obj, Array) else \
            [obj.get(key) for key in obj.keys() if key not in ("/Parent", "/P")]  # noqa: SIM118 (a Stream is not iterable)
        stack.extend(v for v in values if isinstance(v, (Dictionary, Array, pikepdf.Stream)))


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _documents(src: pikepdf.Pdf) -> list[Dictionary]:
    return [k for k in _as_list(src.Root.StructTreeRoot.get("/K")) if isinstance(k, Dictionary)]


def _unique_ids(elements: list[Dictionary], prefix: str, ids: dict) -> None:
    """Element ids (``/ID``) are only unique within a part; so are the ``/Headers`` naming them."""
    stack = list(elements)
    while stack:
        element = stack.pop()
        if "/ID" in element:
            element.ID = pikepdf.String(prefix + str(element.ID))
            ids[str(element.ID)] = element
        for attributes in _as_list(element.get("/A")):
            if isinstance(attributes, Dictionary) and "/Headers" in attributes:
                attributes.Headers = Array([pikepdf.String(prefix + str(h)) for h in attributes.Headers])
        if str(element.get("/S")) in _INLINE:
            continue  # no table nor note inside a run of text: not worth the walk
        stack.extend(k for k in _as_list(element.get("/K")) if isinstance(k, Dictionary) and "/S" in k)


def _links(out: pikepdf.Pdf, resolve, describe) -> None:
    pages = [page.obj for page in out.pages]  # out.pages[i] costs 0.3 ms at 12,000 pages: 45 s for a book's links
    for page in out.pages:
        for annot in page.get("/Annots", []):
            action = annot.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            uri = str(action.URI)
            if not uri.startswith(("hbgo:", "hbpage:")):
                continue
            found = resolve(uri)
            annot.Contents = pikepdf.String(describe(uri))
            if found is None:
                del annot["/A"]  # a place this PDF does not hold: the printed text says where it is
                continue
            index, top = found
            annot.A = Dictionary(S=Name.GoTo, D=Array([pages[index], Name.XYZ, None, top, None]))


def _bookmarks(src: pikepdf.Pdf, base: int) -> list[_Bookmark]:
    pages = {page.objgen: i for i, page in enumerate(src.pages)}
    names = pikepdf.NameTree(src.Root.Names.Dests) if "/Names" in src.Root and "/Dests" in src.Root.Names else {}

    def read(item) -> _Bookmark | None:
        dest = item.destination
        if isinstance(dest, (pikepdf.String, str)):
            dest = names.get(str(dest))
        if dest is None and item.action is not None and "/D" in item.action:
            dest = item.action.D
        if not isinstance(dest, Array) or not len(dest):
            return None
        page = pages.get(dest[0].objgen)
        top = float(dest[3]) if len(dest) > 3 and isinstance(dest[3], (int, float)) else None
        children = [b for b in (read(child) for child in item.children) if b is not None]
        return _Bookmark(str(item.title), base + page, top, children) if page is not None else None

    with src.open_outline() as outline:
        return [b for b in (read(item) for item in outline.root) if b is not None]


def _write_bookmarks(out: pikepdf.Pdf, bookmarks: list[_Bookmark]) -> None:
    pages = [page.obj for page in out.pages]  # as in _links: a page by its number is slow in a long PDF

    def make(bookmark: _Bookmark) -> pikepdf.OutlineItem:
        top = bookmark.top if bookmark.top is not None else 0  # as pikepdf writes it from a page number
        item = pikepdf.OutlineItem(bookmark.title, Array([pages[bookmark.page], Name.XYZ, 0, top, 0]))
        item.children.extend(make(child) for child in bookmark.children)
        return item

    with out.open_outline() as outline:
        outline.root.extend(make(b) for b in bookmarks)


def structure_problems(path: Path) -> list[str]:
    """The same check on a PDF file (the tests' way)."""
    with pikepdf.open(path) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            return ["no structure tree"]
        return _unheld(pdf, {key for key, _value in pikepdf.NumberTree(tree.ParentTree).items()})


def _unheld(pdf: pikepdf.Pdf, keys: set[int]) -> list[str]:
    """Pages and links outside the parent tree, and links left pointing at a placeholder."""
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        if "/StructParents" in page and int(page.StructParents) not in keys:
            problems.append(f"page {number}: its marked content is not in the structure tree")
        for annot in page.get("/Annots", []):
            if "/StructParent" in annot and int(annot.StructParent) not in keys:
                problems.append(f"page {number}: a link outside the structure tree")
            action = annot.get("/A")
            if action is not None and action.get("/S") == Name.URI and str(action.URI).startswith("hb"):
                problems.append(f"page {number}: a link to {action.URI} left unresolved")
    return problems
