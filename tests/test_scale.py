"""The indexed images table behaves exactly as Sphinx's own, step for step."""

import pickle

from handbook.speedups.images_index import ImagesByDocument
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.util._files import FilenameUniqDict

DOCS = st.sampled_from(["a", "b", "c", "posts/d"])
FILES = st.sampled_from(["media/x.webp", "media/y.webp", "other/x.webp", "x.webp", "media/x1.webp"])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), DOCS, FILES),
        st.tuples(st.just("purge"), DOCS),
        st.tuples(st.just("merge"), st.sets(DOCS), st.lists(st.tuples(DOCS, FILES), max_size=4)),
        st.tuples(st.just("pickle")),
    ),
    max_size=30,
)


def apply(table, step):
    if step[0] == "add":
        return table.add_file(step[1], step[2])
    if step[0] == "purge":
        return table.purge_doc(step[1])
    if step[0] == "merge":
        other = FilenameUniqDict()
        for docname, filename in step[2]:
            other.add_file(docname, filename)
        return table.merge_other(step[1], other)
    return None


@settings(max_examples=300, deadline=None)
@given(STEPS)
def test_same_contents_and_names_as_sphinx_after_any_steps(steps):
    sphinx, ours = FilenameUniqDict(), ImagesByDocument()
    for step in steps:
        if step[0] == "pickle":  # the environment is pickled between builds
            ours = pickle.loads(pickle.dumps(ours))
            assert type(ours) is ImagesByDocument
            continue
        assert apply(sphinx, step) == apply(ours, step)
        assert dict(ours) == dict(sphinx)
        assert ours._existing == sphinx._existing


def test_an_existing_table_keeps_its_names_when_indexed():
    sphinx = FilenameUniqDict()
    sphinx.add_file("a", "media/x.webp")
    sphinx.add_file("b", "other/x.webp")  # named x1.webp
    ours = ImagesByDocument.of(sphinx)
    assert dict(ours) == dict(sphinx)
    ours.purge_doc("a")
    assert dict(ours) == {"other/x.webp": ({"b"}, "x1.webp")}
    assert ours.add_file("c", "media/x.webp") == "x.webp"
