"""Propose a reading order for a shuffled source: a draft of book/order/<id>.toml.

A helper for the editors, never the authority: it reads the evidence a
machine can read and writes it in the order file's format, so that an editor
can start from it or diff it against the file the book uses
(``zinepress order propose 003 --reference 002``). The evidence, strongest
first:

- **a reference text** (optional): another edition of some of the same text,
  in order (002 for Part II of 003). Each fragment is aligned to it by shared
  runs of words; aligned fragments are put in the reference's order, a line
  whose words jump from one place of the reference to another is split there,
  and two fragments that meet inside one reference paragraph are joined.
- **translations** (optional): sources in another language with the same text
  in order (000 and 001, the Chinese of 003's Parts I and II), read for their
  anchors (translation_anchors.py: a rough page for a run), their sentences and
  paragraphs (stream_cut.py: where a run passes from one stream of a booklet to
  the other, which seams join one paragraph) and their paragraphs' lengths
  (length_alignment.py: where two pages in reverse are cut). `zinepress order
  propose` reads the book's own by default (book_references.py).
- **words cut in two**: a fragment ending in a hyphen, or in letters that
  with the next fragment's opening letters make a word the texts use
  elsewhere ("apart" + "ment"), followed by one starting in lower case;
- **sentences that run across a cut**: a fragment ending without final
  punctuation, followed by one starting in lower case (a pair whose two
  words meet elsewhere in the texts wins);
- **the order of the file itself**: fragments stay together as the source
  has them, unless some evidence above cuts them apart (the shuffle moved
  runs of lines, not single lines);
- **pages**: the contents page's titles and page numbers order the chapter
  headings; a page-number line dates the fragment before it, which places a
  run with no other evidence in the chapter that page belongs to;
- a sentence end followed by a lower-case word inside a line
  ("…looted shops. and the safety…"), a word that opens sentences set in
  capitals after words that never ended theirs ("…and elsewhere When the…"),
  and a bare word ending ("…-up ment; now…") are proposed as splits;
- **a booklet's sheets**: when the runs the evidence dates fall into one
  rising and one falling series, the file is read as the front pages going
  forward interleaved with the back pages going backward (booklet_order.py);
  undated runs go where their seams and the words a page holds fit, and a run
  whose last words go on in its first is two pages in reverse, cut in two.

What no evidence places is listed at the end, in source order, under a
comment saying so.
"""

from __future__ import annotations

import copy
import re
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from zinepress.changes import ChangeLog
from zinepress.editor.booklet_order import booklet_order
from zinepress.editor.length_alignment import alignment_cost
from zinepress.editor.order_evidence import (
    NEAR,
    ProposedEntry,
    Reference,
    aligned_runs,
    word_tokens,
)
from zinepress.editor.page_order import propose_page_order
from zinepress.editor.stream_cut import (
    STREAM_CUT,
    TranslationText,
    find_stream_cut,
    one_paragraph,
)
from zinepress.editor.translation_anchors import (
    Translations,
    agreed_place,
    anchor_keys,
    monotone,
)
from zinepress.errors import EditorialError
from zinepress.model import Div, Heading, Note, Para, Source
from zinepress.readers.pdfpages import title_key
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.order import (
    FORMAT_HELP,
    Fragment,
    OrderEntry,
    SplitSpec,
    opening_words,
    render_order,
    source_fragments,
    split_pattern,
)
from zinepress.transforms.text import STRAY_ESCAPES
from zinepress.transforms.whitespace import NORMALISE_WHITESPACE
from zinepress.walk import block_text, plain_text, text_blocks

_CLOSED = tuple('.?!:;"”’)]»…')
_NAME_ENDS = ("inc", "corp", "ltd")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "cf", "approx", "no", "st", "mr", "mrs", "dr"}
_SENTENCE_GLUE = re.compile(r"(?<=[.!?])[\"”’)»]?(\s+)(?=[a-z])")
_SPLIT_WORDS = 6
# words an English sentence never ends on: conjunctions, articles, prepositions
_CLAUSE_WORDS = {"and", "or", "nor", "but", "the", "a", "an", "of", "in", "to", "for", "with", "by", "from",
                 "on", "at", "into", "than", "as", "that", "which", "who", "whose", "its", "their", "our"}
# A sentence that opens, capital and all, right after words that never ended theirs
# ("…broken out in France, Ecuador, and elsewhere When the first news…"): the first
# word is one that opens sentences, not a name, and the words after it are lower case.
_OPENER_GLUE = re.compile(r"(?<=[a-z])(\s+)(?=(?:The|A|An|In|When|Then|It|This|That|But|And|We|They|He|She|Our|"
                          r"There|What|So|If|As|On|At|For)\s+[a-z])")
# The end of a word cut in two, standing alone after a space inside a line ("…-up ment;"):
# none of these is a word, so the text before it was glued to the rest of another page.
_BARE_ENDING = re.compile(r"(?<=[^\s.!?])(\s+)(?:ments?|tions?|sions?|ings?|ities|ity|ations?|ness)(?=[\s;,.:!?)]|$)")
_WORD_ENDINGS = {"ing", "ings", "ment", "ments", "tion", "tions", "sion", "sions", "ed", "ly", "ness",
                 "ity", "ities", "er", "ers", "est", "es", "al", "ally", "ance", "ence", "ous", "ive",
                 "able", "ible", "ism", "ist", "ists", "ize", "ise", "ized", "ised", "ated", "ation",
                 "ations", "ure", "ship", "ful", "less", "wards"}
_NEAR_SLACK = 2.0         # pages a translation's anchors may be off by
_SPLIT_SEGMENT = 10       # aligned tokens it takes to propose cutting a line
_SPLIT_REST = 4           # tokens the other side of such a cut must have


# --- splits -------------------------------------------------------------------------


def _split_at(text: str, start: int, end: int, blocks_text: list[str]) -> SplitSpec | None:
    """A split between text[:start] and text[end:], quoting enough words on each
    side to fall in one place only; None when no quotation is unique."""
    left, right = text[:start].split(), text[end:].split()
    if not left or not right:
        return None
    for n in range(_SPLIT_WORDS, 13):
        spec = SplitSpec(" ".join(left[-n:]), " ".join(right[:n]))
        if sum(1 for t in blocks_text for _ in split_pattern(spec).finditer(t)) == 1:
            return spec
    return None


def propose_splits(source: Source, reference: Source | None = None) -> list[tuple[SplitSpec, int, str]]:
    """Cuts inside lines the reader could not see: (split, source line, why)."""
    ref = Reference.of(reference) if reference else None
    paras = [b for b in source.blocks if isinstance(b, Para)]
    texts = [" ".join(block_text(p).split()) for p in paras]
    found: dict[tuple[int, int], tuple[SplitSpec, int, str]] = {}
    for para, text in zip(paras, texts):
        line = para.prov.first_line if para.prov else 0
        for m in _SENTENCE_GLUE.finditer(text):
            before = text[:m.start(1)]
            word = before.split()[-1].rstrip('.!?"”’)»').casefold()
            if word in _ABBREVIATIONS or len(word) == 1 or word.endswith(_NAME_ENDS) \
                    or before.rstrip('"”’)»').endswith(("..", "…")):
                continue  # an abbreviation, a company's name, an ellipsis: the sentence goes on
            if m.group(0)[:1] in '"”’»' or before.endswith(("?", "!")):
                continue  # dialogue: “Is it?” said he; a question or a quotation goes on in lower case
            if spec := _split_at(text, m.start(1), m.end(1), texts):
                found[(line, m.start(1))] = (spec, line, "a sentence ends and the next starts in lower case")
        for m in _OPENER_GLUE.finditer(text):
            if spec := _split_at(text, m.start(1), m.end(1), texts):
                found.setdefault((line, m.start(1)), (spec, line, "a sentence opens in capitals where the one "
                                                      "before has no end: two texts glued"))
        for m in _BARE_ENDING.finditer(text):
            if spec := _split_at(text, m.start(1), m.end(1), texts):
                found[(line, m.start(1))] = (spec, line, f"“{text[m.end(1):].split()[0]}” is no word: "
                                             "the end of a word cut in two, glued after other text")
        if ref is None:
            continue
        tokens = word_tokens(text)
        segments = [s for s in aligned_runs(ref.align([k for k, _, _ in tokens]))
                    if s[1] - s[0] + 1 >= _SPLIT_SEGMENT]
        cuts: list[tuple[int, str]] = []
        for a, b in zip(segments, segments[1:]):
            if not 0 < b[2] - a[3] <= NEAR:
                cuts.append((b[0], "the words jump to another place of the reference"))
        if segments:
            first, last = segments[0], segments[-1]
            if first[0] >= _SPLIT_REST:
                cuts.append((first[0], "the reference has the words after this, not those before"))
            if len(tokens) - 1 - last[1] >= _SPLIT_REST:
                cuts.append((last[1] + 1, "the reference has the words before this, not those after"))
        for token, why in cuts:
            start = tokens[token - 1][2]
            end = tokens[token][1]
            if any(abs(pos - start) <= 2 for (ln, pos) in found if ln == line):
                continue
            if spec := _split_at(text, start, end, texts):
                found[(line, start)] = (spec, line, why)
    return [found[k] for k in sorted(found)]


# --- the order ------------------------------------------------------------------------


@dataclass(slots=True)
class _Link:
    left: Fragment
    right: Fragment
    join: str
    why: str


def _ends_open(f: Fragment) -> bool:
    return isinstance(f.block, (Para, Note)) and not f.text.endswith(_CLOSED)


def _ends_mid_clause(f: Fragment) -> bool:
    """The fragment ends on a word no sentence ends on ("…in Iraq and"): what
    comes next goes on its sentence, even a name in capitals ("Afghanistan.")."""
    words = _words(f.text[-40:])
    return bool(words) and words[-1] in _CLAUSE_WORDS and isinstance(f.block, Para)


def _starts_lower(f: Fragment) -> bool:
    return isinstance(f.block, Para) and f.text[:1].islower()


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.casefold())


def propose_order(source: Source, reference: Source | None = None, *,
                  translations: Sequence[Source] = (),
                  known_splits: Sequence[SplitSpec] = (),
                  _page_cuts: Sequence[tuple[SplitSpec, int, str]] = ()) -> list[ProposedEntry]:
    """A proposed order for a shuffled source (as read, page numbers and all):
    its splits, its body fragments in a proposed reading order with their
    joins, and its notes. The evidence is in the module docstring.
    known_splits: cuts the editors already know (an order file's splits),
    used before the proposed ones. translations: sources in another language
    that hold the same text in order, given in reading order (anchors only:
    translation_anchors.py). _page_cuts: cuts between two pages printed
    in reverse inside one line, found by a first pass (see _reversed_pages)."""
    prepared = run_rules(copy.deepcopy(source), [STRAY_ESCAPES, NORMALISE_WHITESPACE],
                         RuleContext(ChangeLog()))
    if source.meta.get("pages") and not known_splits:
        return propose_page_order(prepared, reference)
    source_fragments(prepared, known_splits)  # the known cuts must fall in one place each
    splits = [(spec, _line_of_split(prepared, spec), "known") for spec in known_splits]
    for proposed in [*_page_cuts, *propose_splits(prepared, reference)]:
        try:  # two proposed cuts can overlap; keep those that still fall in one place
            source_fragments(prepared, [s for s, _, _ in splits] + [proposed[0]])
        except EditorialError:
            continue
        splits.append(proposed)
    fragments = source_fragments(prepared, [s for s, _, _ in splits])
    ref = Reference.of(reference) if reference else None

    # Evidence of each fragment.
    pages = _page_ends(prepared, fragments)
    aligned: dict[int, tuple[int, int]] = {}   # seq -> (first, last) reference position
    if ref:
        after = None  # where the fragment before, in the source, ends in the reference
        for f in fragments:
            segments = aligned_runs(ref.align([k for k, _, _ in word_tokens(f.text)], after))
            if segments and sum(s[1] - s[0] + 1 for s in segments) * 2 >= len(word_tokens(f.text)):
                aligned[f.seq] = (segments[0][2], segments[-1][3])
            after = aligned[f.seq][1] if f.seq in aligned else None
    texts = [f.text for f in fragments]
    if reference:
        texts += [t for _, t in text_blocks(reference.blocks)]
    word_lists = [_words(t) for t in texts]
    vocabulary = Counter(w for words in word_lists for w in words)
    bigrams = Counter(pair for words in word_lists for pair in zip(words, words[1:]))
    trigrams = Counter(triple for words in word_lists for triple in zip(words, words[1:], words[2:]))

    # a cut between the two streams is a page break no sentence runs across in file order
    breaks = {f.seq for f in fragments for spec, _, why in splits
              if why.startswith(STREAM_CUT) and f.text.endswith(spec.before)}
    links = _links(fragments, aligned, ref, vocabulary, bigrams, trigrams, breaks)
    follows = {lk.left.seq: lk for lk in links}
    note_parts: dict[int, list[_Link]] = {}   # a note's seq -> the links that go on in it
    for note in (f for f in fragments if isinstance(f.block, Note)):
        at = note.seq
        note_parts[note.seq] = []
        while at in follows:
            note_parts[note.seq].append(follows[at])
            at = follows[at].right.seq
    in_notes = {lk.right.seq for parts in note_parts.values() for lk in parts}
    body = [f for f in fragments if not isinstance(f.block, Note) and f.seq not in in_notes]
    runs = _runs(prepared, body, links, aligned)
    def seam_score(left: Fragment, right: Fragment) -> tuple[float, str, str] | None:
        return _score(left, right, aligned, ref, vocabulary, bigrams, trigrams)

    translated = ({f.seq: p for f, p in zip(fragments, Translations.of(translations).places(texts[:len(fragments)]))
                   if p} if translations else None)
    booklet = _booklet_chains(runs, prepared, seam_score, aligned, pages, translated,
                              TranslationText.of(translations) if translations else None, bool(_page_cuts),
                              (bigrams, trigrams))
    if booklet is not None and booklet[3] and not _page_cuts:
        texts_now = [" ".join(block_text(p).split()) for p in prepared.blocks if isinstance(p, Para)]
        cuts = [(spec, f.line, why) for f, start, end, why in booklet[3]
                if (spec := _split_at(f.text, start, end, texts_now)) is not None]
        if cuts:
            return propose_order(source, reference, translations=translations, known_splits=known_splits,
                                 _page_cuts=cuts)
    if booklet is not None:
        placed, unplaced, why = booklet[0], [], booklet[1]
        # the joins between runs are those the booklet's seams chose
        starts = {run[0].seq for run in runs} | {run[0].seq for chain in placed for run in chain}
        links = [lk for lk in links if lk.right.seq not in starts] + booklet[2]
    else:
        chains = _chains(runs, links)
        placed, unplaced, why = _place_chains(chains, prepared, aligned, pages)
        placed, unplaced = _in_source_order(placed, unplaced, why)

    entries: list[ProposedEntry] = [ProposedEntry("splits", line, before=s.before, after=s.after, why=w)
                                    for s, line, w in splits]
    link_into = {lk.right.seq: lk for lk in links}

    body_index = {f.seq: i for i, f in enumerate(f for f in fragments if not isinstance(f.block, Note))}

    def entry(f: Fragment, join: str, section: str, reason: str = "") -> ProposedEntry:
        match, pin = opening_words(f, fragments)
        return ProposedEntry(section, f.line, join, match, pin is not None, why=reason,
                             page_end=pages.get(f.seq), body_index=body_index.get(f.seq, -1),
                             confidence=confidence(join, reason))

    for n, chain in enumerate(placed + unplaced):
        note = why.get(id(chain), "")
        if n == len(placed) and unplaced:
            note = ("? no evidence places the runs from here on (kept in source order)" +
                    (f"; {note}" if note else ""))
        first = True
        for run in chain:
            for f in run:
                lk = link_into.get(f.seq)
                if isinstance(f.block, Heading):
                    join = "heading"
                elif lk is not None and not first:
                    join = lk.join
                else:
                    join = "paragraph"
                reason = note if first else (lk.why if lk and join != "paragraph" else "")
                entries.append(entry(f, join, "order", reason))
                first = False
    notes = sorted((f for f in fragments if isinstance(f.block, Note)),
                   key=lambda f: _label_key(f.block.label))
    for f in notes:
        entries.append(entry(f, "note", "notes"))
        entries.extend(entry(lk.right, lk.join, "notes", lk.why) for lk in note_parts[f.seq])
    return entries


def confidence(join: str, why: str) -> str:
    """How sure a proposed join is, from the evidence that made it: the
    reference or a word the texts use (high); the sentence running on, the
    source's own order, a page number (medium); nothing (low)."""
    if why.startswith("?") or not why and join not in ("paragraph", "heading"):
        return "low"
    if "reference" in why or "makes “" in why or "hyphenated" in why:
        return "high"
    if "occurs elsewhere" in why or "next in the source" in why or why.startswith("page ") \
            or "no sentence ends on" in why \
            or "dates to p." in why:
        return "medium"
    return "medium" if join in ("paragraph", "heading") and not why else "low"


def _line_of_split(source: Source, spec: SplitSpec) -> int:
    pattern = split_pattern(spec)
    return next((b.prov.first_line for b in source.blocks if isinstance(b, Para) and b.prov
                 and pattern.search(plain_text(b.inlines))), 0)


def _label_key(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (1 << 30, label)


def _page_ends(source: Source, fragments: list[Fragment]) -> dict[int, int]:
    """seq of the fragment a page-number line follows -> that page number."""
    ends: dict[int, int] = {}
    for block in source.blocks:
        if isinstance(block, Div) and "page-number" in block.classes and block.prov:
            before = [f for f in fragments if f.line < block.prov.first_line]
            text = block_text(block).strip()
            if before and text.isdigit():
                ends[before[-1].seq] = int(text)
    return ends


def _links(fragments: list[Fragment], aligned: dict[int, tuple[int, int]], ref: Reference | None,
           vocabulary: Counter, bigrams: Counter, trigrams: Counter, breaks: set[int] = frozenset()) -> list[_Link]:
    """Fragments that go on in another one: scored candidates, best first, each
    fragment used once on each side; a fragment in breaks never goes on in the next."""
    candidates: list[tuple[float, _Link]] = []
    order = {f.seq: i for i, f in enumerate(f for f in fragments if not isinstance(f.block, Note))}
    for left in fragments:
        if isinstance(left.block, Heading):
            continue
        for right in fragments:
            if right is left or not isinstance(right.block, Para):
                continue
            scored = _score(left, right, aligned, ref, vocabulary, bigrams, trigrams)
            if scored is None or (left.seq in breaks and right.seq == left.seq + 1):
                continue
            score, join, why = scored
            if left.seq in order and right.seq in order and order[right.seq] == order[left.seq] + 1:
                score += 2
                why += "; next in the source"
            candidates.append((score, _Link(left, right, join, why)))
    candidates.sort(key=lambda c: (-c[0], c[1].left.seq, c[1].right.seq))
    links: list[_Link] = []
    lefts: set[int] = set()
    rights: set[int] = set()
    for _, link in candidates:
        if link.left.seq in lefts or link.right.seq in rights:
            continue
        if _would_loop(links, link):
            continue
        links.append(link)
        lefts.add(link.left.seq)
        rights.add(link.right.seq)
    return links


def _would_loop(links: list[_Link], new: _Link) -> bool:
    nxt = {lk.left.seq: lk.right.seq for lk in links}
    at = new.right.seq
    while at in nxt:
        at = nxt[at]
        if at == new.left.seq:
            return True
    return at == new.left.seq


def _score(left: Fragment, right: Fragment, aligned: dict[int, tuple[int, int]], ref: Reference | None,
           vocabulary: Counter, bigrams: Counter, trigrams: Counter) -> tuple[float, str, str] | None:
    """How likely right goes on the paragraph left leaves off, the join and why; None: not at all."""
    same_paragraph = False
    if left.seq in aligned and right.seq in aligned and ref is not None:
        end, start = aligned[left.seq][1], aligned[right.seq][0]
        same_paragraph = 0 < start - end <= 4 and ref.paragraph[end] == ref.paragraph[start]
    runs_on = _ends_open(left) and _starts_lower(right)
    if not (same_paragraph or runs_on):
        return None
    tail, head = left.text.split()[-1], right.text.split()[0]
    tail_word, head_word = (_words(tail)[-1:] or [""])[0], (_words(head)[:1] or [""])[0]
    joined = tail_word + head_word
    # a word part: the fragment opens with a common ending ("ing", "ment"), or with
    # a short "word" found nowhere else in the texts
    word_part = head[:1].isalpha() and (head_word in _WORD_ENDINGS or (
        len(head_word) <= 4 and vocabulary.get(head_word, 0) <= 1))
    makes_word = vocabulary.get(joined, 0) > bigrams.get((tail_word, head_word), 0)
    score, join, why = 1.0 - (0.5 if word_part else 0.0), "continue", "the sentence runs on"
    if runs_on and len(tail) > 1 and tail[-1] in "-\u00ad\u2010" and tail[-2].isalpha():
        score, join, why = 3.0 + 2.0 * makes_word + 1.0 * word_part, "word", "a word hyphenated at the cut"
    elif runs_on and tail[-1:].isalpha() and head[:1].isalpha() and makes_word:
        score, join, why = 4.0 + 1.0 * word_part, "word", \
            f"“{tail_word}” + “{head_word}” makes “{joined}”, a word the text uses"
    elif runs_on:
        words_left, words_right = _words(left.text)[-2:], _words(right.text)[:2]
        pair = bigrams.get((tail_word, head_word), 0)
        triples = [tuple(words_left + words_right[:1]), tuple(words_left[-1:] + words_right)]
        triple = sum(trigrams.get(t, 0) for t in triples if len(t) == 3)
        score += min(pair, 2) * 0.25 + min(triple, 2) * 0.75
        if pair or triple:
            why += f" (“{tail_word} {head_word}” occurs elsewhere)"
    if same_paragraph:
        score += 6.0
        why = "one paragraph of the reference" + ("; " + why if join == "word" else "")
    return score, join, why


def _runs(source: Source, body: list[Fragment], links: list[_Link],
          aligned: dict[int, tuple[int, int]]) -> list[list[Fragment]]:
    """Body fragments as the source has them, cut into runs wherever the evidence
    says the shuffle moved a piece."""
    next_of = {lk.left.seq: lk.right.seq for lk in links}
    prev_of = {lk.right.seq: lk.left.seq for lk in links}
    page_lines = sorted(b.prov.first_line for b in source.blocks
                        if isinstance(b, Div) and "page-number" in b.classes and b.prov)
    runs: list[list[Fragment]] = []
    for f in body:
        if runs:
            a = runs[-1][-1]
            if not _cut_between(a, f, next_of, prev_of, page_lines, aligned):
                runs[-1].append(f)
                continue
        runs.append([f])
    return runs


def _cut_between(a: Fragment, b: Fragment, next_of: dict[int, int], prev_of: dict[int, int],
                 page_lines: list[int], aligned: dict[int, tuple[int, int]]) -> bool:
    if next_of.get(a.seq) == b.seq:
        return False
    if isinstance(b.block, Heading) or a.seq in next_of or b.seq in prev_of:
        return True
    if _ends_open(a) or _starts_lower(b):
        return True
    if any(a.line < p < b.line for p in page_lines):
        return True
    if a.seq in aligned and b.seq in aligned and not 0 < aligned[b.seq][0] - aligned[a.seq][1] <= NEAR:
        return True
    return False


def _chains(runs: list[list[Fragment]], links: list[_Link]) -> list[list[list[Fragment]]]:
    """Runs strung together where one's last fragment goes on in another's first.
    Every run is in exactly one chain (a ring of runs is opened at its first run
    in source order)."""
    first_of = {run[0].seq: run for run in runs}
    follows = {lk.left.seq: lk.right.seq for lk in links}
    has_prev = {follows[run[-1].seq] for run in runs if follows.get(run[-1].seq) in first_of}
    chains: list[list[list[Fragment]]] = []
    seen: set[int] = set()

    def chain_from(run: list[Fragment]) -> list[list[Fragment]]:
        chain = [run]
        seen.add(id(run))
        while (nxt := follows.get(chain[-1][-1].seq)) in first_of and id(first_of[nxt]) not in seen:
            chain.append(first_of[nxt])
            seen.add(id(first_of[nxt]))
        return chain

    for run in runs:
        if run[0].seq not in has_prev:
            chains.append(chain_from(run))
    for run in runs:
        if id(run) not in seen:
            chains.append(chain_from(run))
    return chains


def _place_chains(chains: list[list[list[Fragment]]], source: Source, aligned: dict[int, tuple[int, int]],
                  pages: dict[int, int]) -> tuple[list, list, dict[int, str]]:
    """Chains in a proposed order (and those nothing places), with why each sits where it does."""
    contents = [str(e["title"]) for e in source.meta.get("contents", [])]
    starts = [int(e["page"]) for e in source.meta.get("contents", [])]
    why: dict[int, str] = {}

    def fragments_of(chain):
        return [f for run in chain for f in run]

    index_of: dict[int, int] = {}   # id(chain) -> its heading's place in the contents
    for chain in chains:
        f = chain[0][0]
        if isinstance(f.block, Heading):
            title = " ".join(f.text.split())
            free = [i for i, t in enumerate(contents) if t == title and i not in index_of.values()]
            if free:
                index_of[id(chain)] = free[0]

    def heading_index(chain) -> int | None:
        return index_of.get(id(chain))

    def ref_pos(chain) -> int | None:
        found = [aligned[f.seq][0] for f in fragments_of(chain) if f.seq in aligned]
        return min(found) if found else None

    headed = sorted((c for c in chains if heading_index(c) is not None), key=heading_index)
    chapter_ref = [(ref_pos(c), heading_index(c)) for c in headed if ref_pos(c) is not None]
    slots: dict[int, list[tuple[tuple, list]]] = {heading_index(c): [((0, 0), c)] for c in headed}
    unplaced = []
    for chain in chains:
        if heading_index(chain) is not None:
            continue
        pos = ref_pos(chain)
        page = max((pages[f.seq] for f in fragments_of(chain) if f.seq in pages), default=None)
        chapter = None
        if pos is not None and chapter_ref:
            before = [c for p, c in chapter_ref if p <= pos]
            chapter = before[-1] if before else chapter_ref[0][1]
            key = (1, pos)
            why[id(chain)] = "placed by the reference's order"
        elif page is not None and starts:
            eligible = [i for i, s in enumerate(starts) if s <= page and i in slots]
            if eligible:
                chapter = eligible[-1]
                key = (2, page)
                why[id(chain)] = (f"page {page} ends in this run: placed at the end of "
                                  f"“{contents[chapter]}” (from p. {starts[chapter]})")
        if chapter is None:
            unplaced.append(chain)
            continue
        slots[chapter].append((key, chain))
    placed = [chain for i in sorted(slots) for _, chain in sorted(slots[i], key=lambda kc: kc[0])]
    return placed, unplaced, why


def _run_dates(runs: list[list[Fragment]], source: Source, aligned: dict[int, tuple[int, int]],
               pages: dict[int, int], translated: dict[int, list[int]] | None = None
               ) -> tuple[list[float | None], list[float | None], list[tuple[float, float]]]:
    """Each run's page where the evidence gives one: the contents page's number
    of a chapter heading it opens with or holds, the printed number of a page it
    ends, else the page its place in the reference falls on between runs so dated.
    Then, apart, the page roughly: where its anchors' place in the translations
    falls between dated runs (translated: seq -> the anchors' positions,
    translation_anchors.py), and the (position, page) pairs that scale rests on."""
    contents = [(title_key(str(e["title"])), e["page"]) for e in source.meta.get("contents", [])]
    dates: list[float | None] = []
    for run in runs:
        date: float | None = None
        for f in run:
            if isinstance(f.block, Heading):
                key = title_key(f.text)
                date = next((float(p) for t, p in contents if t and str(p).isdigit() and key == t), None)
            elif f.seq in pages:
                date = float(pages[f.seq])
            if date is not None:
                break
        dates.append(date)
    placed_by_ref = [(min(aligned[f.seq][0] for f in run if f.seq in aligned), n)
                     for n, run in enumerate(runs) if any(f.seq in aligned for f in run)]
    _interpolate(placed_by_ref, sorted((pos, dates[n]) for pos, n in placed_by_ref if dates[n] is not None), dates)
    near: list[float | None] = [None] * len(runs)
    scale_pages: list[tuple[float, float]] = []
    if translated:
        scale = max(p for ps in translated.values() for p in ps) + 1
        # a dated run's anchors need not agree: monotone() drops those that disagree with the rest
        found = [(agreed_place([p for f in run for p in translated.get(f.seq, [])], scale,
                               alone=dates[n] is not None), n) for n, run in enumerate(runs)]
        placed_by_anchors = [(pos, n) for pos, n in found if pos is not None]
        first = min((float(p) for _, p in contents if str(p).isdigit()), default=None)
        known = [(pos, d) for pos, n in placed_by_anchors if (d := dates[n]) is not None]
        near = list(dates)
        # the translations, in the order given, begin where the body does
        scale_pages = monotone(known + ([(-1.0, first)] if first is not None else []))
        _interpolate(placed_by_anchors, scale_pages, near)
        near = [None if d is not None else k for d, k in zip(dates, near)]
    return dates, near, scale_pages


def _interpolate(placed: list[tuple[float, int]], anchors: list[tuple[float, float]],
                 dates: list[float | None]) -> None:
    """Date the undated runs of placed ((position, run)) from anchors ((position,
    page) of dated runs on the same scale): in proportion between two of them, or
    half a page after the last."""
    if len(anchors) < 2:
        return
    for pos, n in placed:
        if dates[n] is None:
            dates[n] = _page_at(pos, anchors)


def _page_at(pos: float, anchors: list[tuple[float, float]]) -> float | None:
    """The page at pos on the scale anchors ((position, page), rising) set: in
    proportion between two of them, or half a page after the last."""
    before = [a for a in anchors if a[0] <= pos]
    after = [a for a in anchors if a[0] > pos]
    if before and after:
        (p0, d0), (p1, d1) = before[-1], after[0]
        return d0 + (d1 - d0) * (pos - p0) / (p1 - p0)
    return before[-1][1] + 0.5 if before else None


def _booklet_chains(runs: list[list[Fragment]], source: Source, score, aligned: dict[int, tuple[int, int]],
                    pages: dict[int, int], translated: dict[int, list[int]] | None = None,
                    translation_text: TranslationText | None = None, first_pass_done: bool = False,
                    ngrams: tuple[Counter, Counter] | None = None
                    ) -> tuple[list, dict[int, str], list[_Link]] | None:
    """The runs as chains in a booklet's reading order (booklet_order.py), why
    each chain sits where it does, and the links of the seams that join runs;
    None when the file is not shuffled so. score(left, right) is _score's
    verdict on right going on the paragraph left leaves off."""
    runs, inline_cuts, inside = _reversed_pages(runs, score, source, pages, aligned, translation_text,
                                                sum(len(f.text.split()) for run in runs for f in run))
    dates, near, scale_pages = _run_dates(runs, source, aligned, pages, translated)
    anchor_counts = Counter(k for run in runs for f in run for k in anchor_keys(f.text))

    def unique_anchor(key: str) -> bool:
        return anchor_counts[key] == 1

    if translation_text is not None and translated and not first_pass_done and ngrams is not None:
        inline_cuts = inline_cuts + _stream_cuts(runs, dates, near, scale_pages, translated, translation_text,
                                                 _page_words(runs, source, pages), *ngrams)

    def seam(a: int, b: int) -> float:
        left, right = runs[a][-1], runs[b][0]
        if isinstance(right.block, Heading):
            return 0.0
        scored = score(left, right)
        cost = -scored[0] if scored else 1.5 * _ends_open(left) + 1.5 * _starts_lower(right)
        if left.seq in aligned and right.seq in aligned:
            gap = aligned[right.seq][0] - aligned[left.seq][1]
            cost += -2.0 if 0 < gap <= NEAR else (5.0 if gap <= 0 else 0.0)
        return cost

    # pages: runs next to each other in the file that read on (the reference
    # says so, or a chapter opens after a closed paragraph) move together
    rough = [d if d is not None else k for d, k in zip(dates, near)]
    pages_of: list[list[int]] = []
    for n, run in enumerate(runs):
        if pages_of:
            m = pages_of[-1][-1]
            left, right = runs[m][-1], run[0]
            here = next((k for k in reversed(pages_of[-1]) if rough[k] is not None), None)
            known = [k for k in (here, n) if k is not None and rough[k] is not None]
            # a page the translations place only roughly may be a page or two off
            slack = _NEAR_SLACK if any(dates[k] is None for k in known) else 0.0
            in_step = len(known) < 2 or rough[known[0]] <= rough[known[1]] + slack
            by_ref = left.seq in aligned and right.seq in aligned and \
                0 < aligned[right.seq][0] - aligned[left.seq][1] <= NEAR
            chapter = isinstance(right.block, Heading) and not _ends_open(left)
            if in_step and (by_ref or chapter):
                pages_of[-1].append(n)
                continue
        pages_of.append([n])
    page_dates = [next((dates[n] for n in page if dates[n] is not None), None) for page in pages_of]
    page_near = [next((near[n] for n in page if near[n] is not None), None) for page in pages_of]

    def page_seam(a: int, b: int) -> float:
        return seam(pages_of[a][-1], pages_of[b][0])

    # where each page's first line stands, in words, from printed numbers and the contents
    contents = {title_key(str(e["title"])): int(e["page"]) for e in source.meta.get("contents", [])
                if str(e["page"]).isdigit()}
    page_words = _page_words(runs, source, pages)
    words: list[int] = []
    starts: list[float | None] = []
    for page in pages_of:
        offset, start = 0, None
        for f in (f for n in page for f in runs[n]):
            length = len(f.text.split())
            if start is None and isinstance(f.block, Heading) and title_key(f.text) in contents:
                start = contents[title_key(f.text)] * page_words - offset
            elif start is None and f.seq in pages:
                start = (pages[f.seq] + 1) * page_words - offset - length
            offset += length
        words.append(offset)
        starts.append(start)

    order = booklet_order(page_dates, page_seam, words, starts, page_words, page_near)
    if order is None:
        return None
    chains: list[list[list[Fragment]]] = []
    why: dict[int, str] = {}
    seams: list[_Link] = list(inside)
    for n in (run for page in order for run in pages_of[page]):
        run = runs[n]
        scored = score(chains[-1][-1][-1], run[0]) if chains and isinstance(run[0].block, Para) else None
        if scored is None and chains and isinstance(run[0].block, Para) and _ends_mid_clause(chains[-1][-1][-1]):
            scored = (0.0, "continue", f"the sentence runs on: no sentence ends on "
                                       f"“{_words(chains[-1][-1][-1].text)[-1]}”")
        if scored is None and chains and isinstance(run[0].block, Para) and isinstance(chains[-1][-1][-1].block, Para) \
                and translation_text is not None and one_paragraph(chains[-1][-1][-1].text, run[0].text,
                                                                   translation_text, unique_anchor):
            scored = (0.0, "continue", "one paragraph in the translations (their sentences around an anchor)")
        if scored is not None:
            seams.append(_Link(chains[-1][-1][-1], run[0], scored[1], scored[2]))
            chains[-1].append(run)
            continue
        chains.append([run])
        date = dates[n]
        why[id(chains[-1])] = (f"the file reads as a booklet's sheets (front pages forward, back pages "
                               f"backward): this run dates to p. {date:.0f}" if date is not None else
                               "the file reads as a booklet's sheets: the anchors the translations share with "
                               f"this run put it near p. {near[n]:.0f}" if near[n] is not None else
                               "? the file reads as a booklet's sheets: this run placed by its seams alone")
    return chains, why, seams, inline_cuts


def _stream_cuts(runs: list[list[Fragment]], dates: list[float | None], near: list[float | None],
                 scale_pages: list[tuple[float, float]], translated: dict[int, list[int]],
                 translation_text: TranslationText, page_words: float,
                 bigrams: Counter, trigrams: Counter) -> list[tuple[Fragment, int, int, str]]:
    """Cuts where a dated run passes into the other stream (stream_cut.py)."""
    scale = max(p for ps in translated.values() for p in ps) + 1
    counts = Counter(k for run in runs for f in run for k in anchor_keys(f.text))

    def fragment_page(f: Fragment) -> float | None:
        pos = agreed_place(translated.get(f.seq, []), scale)
        return _page_at(pos, scale_pages) if pos is not None and len(scale_pages) >= 2 else None

    rough = [d if d is not None else k for d, k in zip(dates, near)]
    return find_stream_cut(runs, dates, rough, fragment_page, translation_text, lambda k: counts[k] == 1,
                           _ends_open, sum(len(f.text.split()) for run in runs for f in run), page_words,
                           lambda left, right: _heard(left, right, bigrams, trigrams))


def _heard(left: str, right: str, bigrams: Counter, trigrams: Counter) -> float:
    """How much the texts say left's last words go on in right's first: half for
    the two words meeting elsewhere, one more for three."""
    before, after = _words(left)[-2:], _words(right)[:2]
    if not before or not after:
        return 0.0
    triples = [tuple(before + after[:1]), tuple(before[-1:] + after)]
    triple = any(trigrams.get(t, 0) for t in triples if len(t) == 3)
    return 0.5 * (bigrams.get((before[-1], after[0]), 0) > 0) + 1.0 * triple


def _page_words(runs: list[list[Fragment]], source: Source, pages: dict[int, int]) -> float:
    """The words a page holds: the body's words over the pages the printed numbers
    and the contents page span (0 when they do not say)."""
    numbers = [int(e["page"]) for e in source.meta.get("contents", []) if str(e["page"]).isdigit()]
    numbers += list(pages.values())
    total = sum(len(f.text.split()) for run in runs for f in run)
    return total / (max(numbers) - min(numbers) + 1) if len(numbers) >= 2 else 0.0


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)»]?(\s+)(?=[\"“‘(«]?[A-Z])")


def _by_translation(run: list[Fragment], ties: list[tuple[float, int]], tr: TranslationText,
                    source_words: int) -> tuple[float, int, None] | None:
    """Of cuts at fragment ends that balance the halves about equally well, the one
    whose reading order (second page first, the seam joining one paragraph) has the
    paragraph lengths the translation has (length_alignment.py); None: no choice."""
    if len(ties) < 2 or not source_words:
        return None
    translation = [sum(p) for p in tr.paragraphs]
    ratio = tr.han / source_words

    def lengths(i: int) -> list[int]:
        words = [len(f.text.split()) for f in run[i:] + run[:i]]
        seam = len(run) - i - 1           # run[-1] and run[0] are one paragraph
        return words[:seam] + [words[seam] + words[seam + 1]] + words[seam + 2:]

    cost, i = min((alignment_cost(lengths(i), translation, ratio), i) for _, i in ties)
    return (cost, i, None)


def _reversed_pages(runs: list[list[Fragment]], score, source: Source, pages: dict[int, int],
                    aligned: dict[int, tuple[int, int]], translation_text: TranslationText | None = None,
                    source_words: int = 0
                    ) -> tuple[list[list[Fragment]], list[tuple[Fragment, int, int, str]], list[_Link]]:
    """Runs that are two pages printed in reverse (the run's last words go on in
    its first: "I called every" … "one for half a day"), cut in two where the
    halves are closest in length: at a fragment's end, or at a sentence's end
    inside a line when that balances them better by an eighth of a page (such a
    cut needs a new split: returned as (fragment, start, end, why) to propose).
    Of fragment ends about equally balanced, translations choose (_by_translation).
    The run comes back with its second page first."""
    page_words = _page_words(runs, source, pages)
    out: list[list[Fragment]] = []
    inline: list[tuple[Fragment, int, int, str]] = []
    inside: list[_Link] = []

    def contradicted(run: list[Fragment]) -> bool:
        """The reference has the run's first words anywhere but right after its last."""
        first, last = run[0].seq, run[-1].seq
        return first in aligned and last in aligned and not 0 < aligned[first][0] - aligned[last][1] <= NEAR

    for run in runs:
        scored = score(run[-1], run[0]) if len(run) > 1 and isinstance(run[0].block, Para) else None
        if not page_words or scored is None or scored[1] not in ("word", "continue") or not _ends_open(run[-1]) \
                or any(isinstance(f.block, Heading) for f in run) or contradicted(run):
            out.append(run)
            continue
        lengths = [len(f.text.split()) for f in run]
        whole = sum(lengths)
        best: tuple[float, int, int | None] | None = None   # (imbalance, fragment, in-line position)
        before = 0
        at_ends: list[tuple[float, int]] = []
        for i, f in enumerate(run):
            if i:
                cost = abs(before - (whole - before))
                at_ends.append((cost, i))
                if best is None or cost < best[0]:
                    best = (cost, i, None)
            for m in _SENTENCE_END.finditer(f.text):
                left = before + len(f.text[:m.start(1)].split())
                cost = abs(left - (whole - left)) + page_words / 8
                if best is None or cost < best[0]:
                    best = (cost, i, m.start(1))
            before += lengths[i]
        if best is None:
            out.append(run)
            continue
        if best[2] is None and translation_text is not None:
            best = _by_translation(run, [(c, i) for c, i in at_ends if c <= best[0] + page_words / 8],
                                   translation_text, source_words) or best
        _, i, at = best
        if at is None:
            out.append(run[i:] + run[:i])   # the second page first
            inside.append(_Link(run[-1], run[0], scored[1], scored[2] + "; two pages printed in reverse"))
        else:
            m = _SENTENCE_END.search(run[i].text, at)
            inline.append((run[i], at, m.end(1), "the run's last words go on in its first: two pages in reverse, "
                                                  "cut where their halves are closest in length"))
            out.append(run)
    return out, inline, inside


def _in_source_order(placed: list, unplaced: list, why: dict[int, str]) -> tuple[list, list]:
    """Chains no evidence places go where the source has them: after the chain
    that holds the fragment just before theirs in the source (the shuffle moved
    runs of lines, so the file's own order is the best guess left)."""
    placed = list(placed)
    pending = sorted(unplaced, key=lambda c: c[0][0].seq)
    while pending:
        progress = False
        for chain in list(pending):
            before = chain[0][0].seq - 1
            host = next((i for i, c in enumerate(placed) if any(f.seq == before for run in c for f in run)), None)
            if host is None:
                continue
            placed.insert(host + 1, chain)
            why[id(chain)] = "? kept where the source has it: no evidence moves it"
            pending.remove(chain)
            progress = True
        if not progress:
            break
    return placed, pending


# --- writing a proposal ---------------------------------------------------------------


def collapse_runs(entries: Sequence[ProposedEntry]) -> list[tuple[ProposedEntry, ProposedEntry | None]]:
    """The order section's entries as runs: (first, last or None). A run goes on
    while the next entry is the next body fragment of the source and meets it
    as the source has it (a new paragraph, or a heading)."""
    runs: list[tuple[ProposedEntry, ProposedEntry | None]] = []
    for e in entries:
        if runs and e.join in ("paragraph", "heading") and not e.why and e.body_index >= 0:
            first, last = runs[-1]
            if (last or first).body_index + 1 == e.body_index:
                runs[-1] = (first, e)
                continue
        runs.append((e, None))
    return runs


def confidence_summary(entries: Sequence[ProposedEntry]) -> str:
    """One line for the terminal: how many entries the proposal has, its joins by
    confidence, and how to find the ones to review first."""
    runs = collapse_runs([e for e in entries if e.section == "order"])
    levels = Counter(first.confidence or "medium" for first, _ in runs[1:])
    low = levels.get("low", 0)
    return (f"{len(runs)} entries ({sum(1 for e in entries if e.section == 'order')} fragments); joins: "
            f"{levels.get('high', 0)} high, {levels.get('medium', 0)} medium, {low} low confidence"
            + ("; review the low ones first: grep -n '\\[low\\]' on the proposal" if low else ""))


def format_proposal(entries: Sequence[ProposedEntry], source_id: str, reference_id: str | None = None,
                    translation_ids: Sequence[str] = (), translations_from: str = "") -> str:
    """A proposal as an order file (book/order/<id>.toml's format), evidence as comments.
    translations_from: where the translations were found when no --reference named
    them ("book.toml, edition zh-Hans"); the command line in the header then leaves them out."""
    splits: list[SplitSpec | str] = []
    order: list[OrderEntry | str] = []
    notes: list[OrderEntry | str] = []
    comments: dict[int, str] = {}
    for e in entries:
        if e.section == "splits":
            spec = SplitSpec(e.before, e.after)
            splits.append(spec)
            comments[id(spec)] = f"{source_id}:{e.line}: {e.why}" if e.why else f"{source_id}:{e.line}"
    body = [e for e in entries if e.section == "order"]
    ends = {e.body_index: e.page_end for e in body if e.page_end is not None}
    for first, last in collapse_runs(body):
        if first.join == "heading":
            order.append(f"─── {first.match} ───")
        if first.why or first.confidence == "low":
            order.append(f"[{first.confidence or 'medium'}] {first.why or 'no evidence'} ({source_id}:{first.line})")
        through = last.match if last else None
        order.append(OrderEntry(first.match, first.join, source_line=first.line if first.pin_line else None,
                                through=through))
        if last:
            comments[id(order[-1])] = f"{source_id}:{first.line}–{last.line}"
        span = range(first.body_index, (last or first).body_index + 1)
        pages = [ends[i] for i in span if i in ends]
        if pages:
            order.append(f"page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages))} end"
                         f"{'' if len(pages) > 1 else 's'} in this run")
    for e in entries:
        if e.section != "notes":
            continue
        if e.join == "heading":
            notes.append(f"─── {e.match} ───")
        if e.why:
            notes.append(f"[{e.confidence or 'medium'}] {e.why} ({source_id}:{e.line})")
        notes.append(OrderEntry(e.match, e.join, source_line=e.line if e.pin_line else None))
    evidence = f"the reference {reference_id}, " if reference_id else ""
    if translation_ids:
        found_in = f" ({translations_from})" if translations_from else ""
        evidence += f"the anchors of the translation{'s' if len(translation_ids) > 1 else ''} " \
                    f"{', '.join(translation_ids)}{found_in}, "
    named = [] if translations_from else list(translation_ids)
    flags = "".join(f" --reference {r}" for r in [*([reference_id] if reference_id else []), *named])
    header = textwrap.fill(f"PROPOSED by `zinepress order propose {source_id}{flags}` from {evidence}words cut "
                           "in two, sentences running across cuts, the source's own order and its page numbers. "
                           "A draft for the editors, not the book's order: check every entry, then save as "
                           f"book/order/{source_id}.toml.", width=96, break_on_hyphens=False) + "\n\n" + FORMAT_HELP
    return render_order(source_id, splits, order, notes, header=header, comments=comments)
