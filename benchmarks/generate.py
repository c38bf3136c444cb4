"""Generate a deterministic corpus of posts shaped like the seeds in ``posts/``.

    python benchmarks/generate.py DEST --posts 1000 [--tags T] [--seed 1] [--plain [--theme basic]]

writes a complete Sphinx project into DEST (which must be outside the source tree):

- ``posts/<slug>.md``: front matter ``title``/``date``/``image``/``tags`` (``post`` plus
  1-4 topic tags, spelled in mixed case and spacing), 400-600 words in H2 sections with
  bold-led paragraphs, bullet and numbered lists, a link to another post's canonical
  URL (``https://leadcraftr.com/posts/<slug>/``) and the post's image;
- ``media/<slug>.webp``: a tiny but valid WebP for every post;
- the handbook (default): ``conf.py`` loading the repo's ``extensions/handbook``,
  ``index.md``, one chapter page per ~25 posts (``chapter-posts`` with ``:tags:``) and
  a last ``:rest:`` chapter, ``tags.md``;
- or, with ``--plain``, the baseline: plain MyST + furo, no handbook extension, one flat
  ``:glob:`` toctree of ``posts/*``; ``--theme basic`` makes it bare Sphinx (its
  ``basic`` theme draws no sidebar of the whole book), the reference for what Sphinx
  itself costs and how much ``-j`` speeds it up.

The same ``--posts/--tags/--seed`` give the same posts byte for byte in both modes.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE = "https://leadcraftr.com"
POSTS_PER_CHAPTER = 25

# A valid 1x1 lossless WebP (34 bytes); every post gets its own copy, as the seeds
# each name /media/<slug>.webp.
WEBP = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

# MyST settings shared by the handbook, the plain build and the parse floor, so the
# three parse the same Markdown the same way (as the repo's conf.py does).
MYST_EXTENSIONS = ["colon_fence", "attrs_inline"]
MYST_HEADING_ANCHORS = 3

# ---- vocabulary ---------------------------------------------------------------------
TOPICS = [
    "Email Marketing", "Lead Nurturing", "Cold Calling", "Content Marketing", "SEO",
    "Social Selling", "LinkedIn Outreach", "Conversion Rate", "Landing Pages", "Lead Scoring",
    "CRM", "Marketing Automation", "Sales Funnel", "Copywriting", "Webinars",
    "Account-Based Marketing", "PPC Advertising", "Referral Programs", "Customer Retention",
    "Sales Prospecting", "B2B Sales", "Digital Marketing", "Growth Hacking", "Data Enrichment",
    "Lead Magnets", "A/B Testing", "Event Marketing", "Partner Marketing", "Chatbots",
    "Video Marketing", "Analytics", "Cold Email", "Inbound Marketing", "Outbound Sales",
    "Sales Enablement", "Customer Journey", "Personalization", "Market Research",
    "Lead Qualification", "Demand Generation",
]
QUALIFIERS = [
    "B2B", "SaaS", "Local", "Enterprise", "Startup", "Ecommerce", "Agency", "Real Estate",
    "Healthcare", "Fintech", "Nonprofit", "Small Business", "Mobile", "Global", "Advanced",
    "Beginner", "Remote", "AI", "Manufacturing", "Legal", "Education", "Travel", "Retail",
    "Insurance", "Automotive",
]
AUDIENCES = ["Small Teams", "Startups", "Agencies", "Sales Reps", "Founders", "Marketers",
             "Beginners", "SaaS Companies", "Consultants", "Local Businesses"]
TITLE_PATTERNS = [
    "What Is {t}?", "How to Get Started With {t}", "{n} {t} Tips for {a}",
    "Why {t} Matters for {a}", "{t}: A Practical Guide", "Common {t} Mistakes to Avoid",
    "How {a} Use {t} to Find Leads", "The {t} Checklist for {y}", "Is {t} Worth It in {y}?",
    "{t} vs. {u}: Which Brings More Leads?", "A Week of {t}: What We Learned",
    "{n} Questions to Ask Before You Try {t}",
]
SUBJECTS = ["A good campaign", "Your sales team", "Every trainee", "The best lead generators",
            "A clear offer", "Every buyer", "A small team", "Your CRM", "The first call",
            "A strong follow-up", "Good data", "The landing page", "Each channel", "A tested message"]
VERBS = ["needs", "depends on", "starts with", "improves", "builds on", "rewards", "turns into",
         "relies on", "benefits from", "grows with", "is measured by", "gets better with"]
OBJECTS = ["a precise picture of the buyer", "steady follow-up", "honest qualification",
           "useful content", "a short feedback loop", "clean contact data", "a clear next step",
           "patient nurturing", "regular testing", "a shared definition of a qualified lead",
           "timely answers", "a simple scoring model", "the right channel for each audience"]
TAILS = ["over the whole quarter", "before the handover to sales", "at every step of the funnel",
         "when budgets are tight", "in a crowded market", "from the very first touch",
         "long after the first reply", "for new and returning prospects", "without extra tools",
         "even with a small budget"]
BOLD_LEADS = ["Know your audience", "Test one thing at a time", "Write for one reader",
              "Follow up quickly", "Measure what matters", "Keep data clean", "Ask better questions",
              "Qualify early", "Share the results", "Automate the routine", "Respect the inbox",
              "Align with sales", "Offer real value", "Document the process"]
HEADINGS = ["Why It Matters", "Where to Start", "The Key Steps", "Tools That Help",
            "Mistakes to Avoid", "How to Measure Success", "A Worked Example", "What the Data Says",
            "Working With Sales", "Scaling Up", "Skills You Need", "Questions to Ask",
            "A Simple Framework", "What Changes Next Year"]


# ---- the corpus ---------------------------------------------------------------------
@dataclass
class Post:
    slug: str
    title: str
    date: dt.date
    tags: list[str]  # topic tags as this post spells them (``post`` is added on output)
    body: str  # Markdown after the front matter

    def text(self) -> str:
        lines = ["---", f"title: {json.dumps(self.title)}", f"date: {self.date.isoformat()}",
                 f'image: "/media/{self.slug}.webp"', "tags:", "  - post"]
        lines += [f"  - {_yaml_str(t)}" for t in self.tags]
        return "\n".join(lines + ["---", "", self.body])


@dataclass
class Corpus:
    posts: list[Post]
    tag_names: list[str]  # canonical spellings, chapter tags first
    chapters: list[tuple[str, list[str]]]  # (title, tags claimed); a last ``:rest:`` chapter is added
    seed: int
    chapter_tags: list[str]  # tags chapters claim: a post has at most one
    cross_tags: list[str]  # the others, with skewed popularity
    cross_weights: list[float]

    def extra_post(self, index: int) -> Post:
        """A new post (for the "post added" case), made like the others."""
        slugs = {p.slug for p in self.posts}
        post = _make_post(random.Random(f"{self.seed}:extra:{index}"), index, self, slugs)
        post.body = post.body.replace("{LINK}", f"{SITE}/posts/{self.posts[index % len(self.posts)].slug}/")
        return post


def _yaml_str(value: str) -> str:
    # Plain YAML scalars where the seeds use them; quoted when spacing or punctuation needs it.
    if value != value.strip() or re.search(r"[:#'\"\[\]{},&*!|>%@`]", value) or value[:1] in "-?":
        return json.dumps(value)
    return value


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _tag_names(count: int) -> list[str]:
    """``count`` distinct tag names: the plain topics first, then qualified ones."""
    names = list(TOPICS)
    names += [f"{q} {t}" for q in QUALIFIERS for t in TOPICS]
    i = 2
    while len(names) < count:  # beyond 1,040 tags: numbered series
        names += [f"{t} {i}" for t in TOPICS]
        i += 1
    return names[:count]


def _spelling(rng: random.Random, name: str) -> str:
    """How a writer spells the tag: mostly as named, sometimes lower case or with stray spaces."""
    roll = rng.random()
    if roll < 0.70:
        return name
    if roll < 0.85:
        return name.lower()
    if roll < 0.95:
        return name.lower() + " "
    return name[:1] + name[1:].lower()


def build_corpus(n: int, n_tags: int | None = None, seed: int = 1) -> Corpus:
    """The posts and chapters for ``n`` posts and ``n_tags`` tags.

    Half the tags are chapter tags: each post has one (5% have none and go to the
    ``:rest:`` chapter), and each chapter claims enough of them for ~25 posts. The
    other half are cross-cutting tags with a skewed popularity (a few are on many
    posts, as on a real blog); a post has 0-3 of them, so 1-4 topic tags in all.
    """
    n_tags = n_tags or max(10, n // 8)
    rng = random.Random(f"{seed}:corpus")
    names = _tag_names(n_tags)
    n_chapter_tags = max(1, n_tags // 2)
    chapter_tags, cross_tags = names[:n_chapter_tags], names[n_chapter_tags:] or names[:1]
    n_chapters = max(1, min(n_chapter_tags, round(n / POSTS_PER_CHAPTER) - 1))  # plus the rest chapter
    chapters: list[tuple[str, list[str]]] = [("", []) for _ in range(n_chapters)]
    for i, tag in enumerate(chapter_tags):  # round robin: each chapter gets 1-2 tags
        chapters[i % n_chapters][1].append(tag)
    chapters = [(" and ".join(tags), tags) for _, tags in chapters]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(cross_tags))]  # Zipf-like popularity
    corpus = Corpus([], names, chapters, seed, chapter_tags, cross_tags, weights)
    slugs: set[str] = set()
    for i in range(n):
        corpus.posts.append(_make_post(random.Random(f"{seed}:post:{i}"), i, corpus, slugs))
    # Links to other posts are chosen once all slugs are known (any post may link any other).
    all_slugs = [p.slug for p in corpus.posts]
    for i, post in enumerate(corpus.posts):
        target = all_slugs[(i + 1 + rng.randrange(max(1, n - 1))) % n] if n > 1 else post.slug
        post.body = post.body.replace("{LINK}", f"{SITE}/posts/{target}/")
    return corpus


def _make_post(rng: random.Random, index: int, corpus: Corpus, slugs: set[str]) -> Post:
    tags: list[str] = []
    if rng.random() < 0.95:  # 5% have no chapter tag: they land in the :rest: chapter
        tags.append(rng.choice(corpus.chapter_tags))
    wanted = len(tags) + min(len(corpus.cross_tags), rng.randint(0, 3) if tags else rng.randint(1, 4))
    while len(tags) < wanted:
        tag = rng.choices(corpus.cross_tags, corpus.cross_weights)[0]
        if tag not in tags:
            tags.append(tag)
    topic, other = tags[0], rng.choice(corpus.tag_names)
    title = rng.choice(TITLE_PATTERNS).format(t=topic, u=other, a=rng.choice(AUDIENCES),
                                              n=rng.randint(3, 12), y=rng.randint(2019, 2026))
    slug = base = slugify(title)
    k = 2
    while slug in slugs:
        slug, k = f"{base}-{k}", k + 1
    slugs.add(slug)
    date = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(8 * 365))
    return Post(slug, title, date, [_spelling(rng, t) for t in tags], _body(rng, title, slug, topic))


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _section(rng: random.Random, heading: str) -> str:
    kind = rng.randrange(4)
    parts = [f"## {heading}", ""]
    if kind == 0:  # bold-led paragraphs
        for _ in range(rng.randint(2, 3)):
            parts += [f"**{rng.choice(BOLD_LEADS)}.** {_paragraph(rng, rng.randint(2, 3))}", ""]
    elif kind == 1:  # numbered list with bold-led items
        parts += [_paragraph(rng, 1), ""]
        parts += [f"{i}. **{rng.choice(BOLD_LEADS)}:** {_sentence(rng)}" for i in range(1, rng.randint(4, 6))]
        parts.append("")
    elif kind == 2:  # bullet list
        parts += [_paragraph(rng, 1), ""]
        parts += [f"- **{rng.choice(BOLD_LEADS)}:** {_sentence(rng)}" for _ in range(rng.randint(3, 5))]
        parts.append("")
    else:  # plain paragraphs
        parts += [_paragraph(rng, rng.randint(3, 4)), "", _paragraph(rng, 2), ""]
    return "\n".join(parts)


def _words(text: str) -> int:
    return len(text.split())


def _body(rng: random.Random, title: str, slug: str, topic: str) -> str:
    target = rng.randint(400, 580)  # the last sentence may add ~20 words
    intro = f"{topic.strip()} is **{rng.choice(OBJECTS)}** at heart. " + _paragraph(rng, 3)
    parts = [f"![{title}](/media/{slug}.webp)", "", intro, ""]
    conclusion = ["## Conclusion", "", _paragraph(rng, 2), "",
                  f"**Ready to improve your {topic.strip().lower()}?** Start small, measure, and keep going.", ""]
    headings = rng.sample(HEADINGS, len(HEADINGS))
    # The link to another post's canonical URL; {LINK} is filled in once all slugs exist.
    first = _section(rng, headings.pop())  # (drawn before the link: keeps the corpus as benchmarked)
    link = (f"For the next step, read [our post on {rng.choice(TOPICS).lower()}]({{LINK}}), "
            "which goes into the details.")
    parts += [first, link, ""]
    # Whole sections while they fit under the target, then single sentences up to it,
    # so every post has 400-600 words (counted as `wc -w` would, image line included).
    while headings:
        section = _section(rng, headings.pop())
        if _words("\n".join(parts + [section] + conclusion)) > target:
            break
        parts.append(section)
    while _words("\n".join(parts + conclusion)) < target:
        parts += [_sentence(rng), ""]
    return "\n".join(parts + conclusion)


# ---- the Sphinx projects ------------------------------------------------------------
HANDBOOK_CONF = '''\
"""Generated benchmark handbook (benchmarks/generate.py): like tests/roots/test-basic."""
import sys

sys.path.insert(0, {extensions!r})

project = "Lead Generation Handbook"
extensions = ["myst_parser", "handbook"]
if tags.has("pdf"):  # sphinx-build -t pdf, as run.py --pdf does
    # As in the repo's conf.py: .webp to PNG for LaTeX (the handbook extension keeps
    # the converter out of HTML builds; loading it only here keeps HTML runs lean
    # for the plain baseline too).
    extensions.insert(1, "sphinx.ext.imgconverter")
exclude_patterns = ["_build"]
myst_title_to_header = True
myst_enable_extensions = {myst_extensions!r}
myst_heading_anchors = {anchors}
html_theme = "furo"
html_title = project
handbook_site_url = "{site}"

# The PDF as the repo's conf.py makes it (run.py --pdf): LuaLaTeX, the repo's latexmkrc.
latex_engine = "lualatex"
latex_use_xindy = False
latex_documents = [("index", "handbook.tex", project, "LeadCraftr", "manual")]
latex_additional_files = [{latexmkrc!r}, {book_sty!r}, {fonts_sty!r}]
latex_show_pagerefs = True
latex_show_urls = "footnote"
latex_elements = {{"papersize": "a4paper", "extraclassoptions": "openany,oneside", "fncychap": "",
                   "maketitle": r"\\handbookcover", "preamble": r"\\usepackage{{handbook-book}}",
                   "fontpkg": r"\\usepackage{{handbook-fonts}}"}}
'''

PLAIN_CONF = '''\
"""Generated benchmark baseline (benchmarks/generate.py --plain): plain MyST + {theme}."""
project = "Lead Generation Handbook"
extensions = ["myst_parser"]
exclude_patterns = ["_build"]
myst_title_to_header = True
myst_enable_extensions = {myst_extensions!r}
myst_heading_anchors = {anchors}
html_theme = "{theme}"
html_title = project
'''


def write_posts(corpus: Corpus, dest: Path) -> None:
    (dest / "posts").mkdir(parents=True, exist_ok=True)
    (dest / "media").mkdir(parents=True, exist_ok=True)
    for post in corpus.posts:
        write_post(post, dest)


def write_post(post: Post, dest: Path) -> None:
    (dest / "posts" / f"{post.slug}.md").write_text(post.text(), encoding="utf-8")
    (dest / "media" / f"{post.slug}.webp").write_bytes(WEBP)


def write_handbook(corpus: Corpus, dest: Path) -> None:
    write_posts(corpus, dest)
    (dest / "conf.py").write_text(HANDBOOK_CONF.format(
        extensions=str(REPO / "extensions"), myst_extensions=MYST_EXTENSIONS, anchors=MYST_HEADING_ANCHORS,
        site=SITE, latexmkrc=str(REPO / "tools" / "latexmkrc"),
        book_sty=str(REPO / "tools" / "handbook-book.sty"),
        fonts_sty=str(REPO / "tools" / "handbook-fonts.sty")), encoding="utf-8")
    (dest / "chapters").mkdir(exist_ok=True)
    pages = []
    width = len(str(len(corpus.chapters) + 1))
    for i, (title, tags) in enumerate(corpus.chapters, start=1):
        name = f"chapters/chapter-{i:0{width}d}"
        pages.append(name)
        (dest / f"{name}.md").write_text(
            f"# {title}\n\nPosts about {title.lower()}, oldest first.\n\n"
            f"```{{chapter-posts}}\n:tags: {', '.join(tags)}\n:order: date\n```\n", encoding="utf-8")
    pages.append("chapters/more")
    (dest / "chapters/more.md").write_text(
        "# More posts\n\nEverything no other chapter took.\n\n```{chapter-posts}\n:rest:\n```\n",
        encoding="utf-8")
    toctree = "\n".join(pages + ["tags"])
    (dest / "index.md").write_text(
        "# Lead Generation Handbook\n\nA generated handbook for the benchmark.\n\n"
        "## Newest posts\n\n```{newest-posts}\n:limit: 6\n```\n\n"
        "## Browse by tag\n\n```{tag-overview}\n```\n\n"
        f"```{{toctree}}\n:hidden:\n:caption: Handbook\n\n{toctree}\n```\n", encoding="utf-8")
    (dest / "tags.md").write_text("# Tags\n\nEvery tag and its number of posts.\n\n```{tag-overview}\n```\n",
                                  encoding="utf-8")


def write_plain(corpus: Corpus, dest: Path, theme: str = "furo") -> None:
    write_posts(corpus, dest)
    (dest / "conf.py").write_text(PLAIN_CONF.format(myst_extensions=MYST_EXTENSIONS, anchors=MYST_HEADING_ANCHORS,
                                                    theme=theme), encoding="utf-8")
    (dest / "index.md").write_text(
        "# Lead Generation Handbook\n\nA generated handbook for the benchmark.\n\n"
        "```{toctree}\n:glob:\n:maxdepth: 1\n\nposts/*\n```\n", encoding="utf-8")


def generate(dest: Path, n: int, n_tags: int | None = None, seed: int = 1, plain: bool = False,
             theme: str = "furo") -> Corpus:
    """Write a fresh project into ``dest`` (emptied first); return the corpus."""
    dest = Path(dest).resolve()
    if dest == REPO or REPO in dest.parents:
        # The repo's own build would pick the posts up (and git would see them).
        raise SystemExit(f"generate: {dest} is inside the repository; write the corpus elsewhere")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    corpus = build_corpus(n, n_tags, seed)
    if plain:
        write_plain(corpus, dest, theme)
    else:
        write_handbook(corpus, dest)
    return corpus


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write the project to (emptied first)")
    parser.add_argument("--posts", "-n", type=int, default=100, help="number of posts (default 100)")
    parser.add_argument("--tags", "-t", type=int, default=None, help="number of distinct tags (default N/8, >= 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plain", action="store_true", help="plain MyST + furo baseline, no handbook extension")
    parser.add_argument("--theme", default="furo", help="the plain baseline's theme (default furo; basic: bare Sphinx)")
    args = parser.parse_args(argv)
    corpus = generate(args.dest, args.posts, args.tags, args.seed, args.plain, args.theme)
    words = [_words(p.body) for p in corpus.posts]
    print(f"{args.dest}: {len(corpus.posts)} posts, {len(corpus.tag_names)} tags, "
          f"{len(corpus.chapters) + 1} chapters, {min(words)}-{max(words)} words"
          + (" (plain)" if args.plain else ""))


if __name__ == "__main__":
    main()
