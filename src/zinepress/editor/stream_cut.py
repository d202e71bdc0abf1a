"""Where a run of a booklet-shuffled source passes from one stream to the other, read from translations.

In a file shuffled as a booklet's sheets, a front page can be glued to the back
page that follows it in the file with nothing between them, even inside one
line: 003's line 80 ends page 6 ("…in Iraq and") and opens page 43 ("of
Kazakhstan, so that…") with no sign in the text. The run then starts on a page
the evidence dates (a chapter heading) while its tail holds text a translation's
anchors place far away, in the other stream. The cut lies before the first
fragment so placed, and translations that keep the source's paragraphs and
sentences say where:

- **which sentence.** The tail goes on the sentence the page before it leaves
  open (the next run of the file in the tail's stream). Counting paragraphs back
  from the anchored fragment gives the translation's paragraph that holds both
  halves of that sentence; its sentences, less the whole ones the page before
  holds, are the sentence ends the tail's first paragraph holds: the cut is in
  the sentence that many ends from the end of its paragraph.
- **which word.** The head goes on in the next run of the file in its own
  stream, whose first sentence is the end of the cut one (its anchors say which
  sentence of the translation that is). The two sentences the cut joins have a
  known length in the translation (Han characters) and the words around the cut
  are known in the source: one ratio of characters to words fits both, and the
  cut goes at the word boundary nearest to where it puts it, where the next word
  goes on in lower case (the sentence runs on across the cut).

Evidence, not proof: the proposal marks such a cut as medium confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from zinepress.editor.translation_anchors import anchor_keys
from zinepress.model import Source
from zinepress.text.sentences import split_sentences
from zinepress.transforms.order import Fragment
from zinepress.walk import text_blocks

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\S+")
STREAM_CUT = "a dated page runs on into text the translations place in the other stream"
_STREAM_GAP = 0.25     # of the book's pages: a fragment placed this far from its run's page is elsewhere


@dataclass(slots=True)
class TranslationText:
    """The translations' paragraphs as the Han characters of each sentence, and the
    paragraph and sentence of each anchor found once in them."""

    paragraphs: list[list[int]]
    anchor_at: dict[str, tuple[int, int]]
    han: int

    @classmethod
    def of(cls, sources: Sequence[Source]) -> TranslationText:
        paragraphs: list[list[int]] = []
        found: list[tuple[str, int, int]] = []
        for source in sources:
            for _, text in text_blocks(source.blocks):
                sentences = [s for s in split_sentences(" ".join(text.split())) if s.strip()]
                for n, sentence in enumerate(sentences):
                    found += [(k, len(paragraphs), n) for k in anchor_keys(sentence)]
                paragraphs.append([len(_HAN.findall(s)) for s in sentences])
        counts = Counter(k for k, _, _ in found)
        return cls(paragraphs, {k: (p, s) for k, p, s in found if counts[k] == 1},
                   sum(sum(p) for p in paragraphs))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text."""
    spans: list[tuple[int, int]] = []
    at = 0
    for sentence in split_sentences(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        start = text.find(sentence, at)
        if start < 0:
            break
        spans.append((start, start + len(sentence)))
        at = start + len(sentence)
    return spans


def _first_anchor(text: str, tr: TranslationText, unique: Callable[[str], bool]) -> tuple[int, int, int] | None:
    """(sentence of text, paragraph and sentence of the translation) of the first anchor
    of text found once in the translations and once in the source."""
    found = _anchors(text, tr, unique)
    return found[0] if found else None


def _anchors(text: str, tr: TranslationText, unique: Callable[[str], bool]) -> list[tuple[int, int, int]]:
    """(sentence of text, paragraph and sentence of the translation) of each anchor of
    text found once in the translations and once in the source."""
    found = []
    for n, (start, end) in enumerate(sentence_spans(text)):
        for m in re.finditer(r"[A-Za-z]{2,}|\d+", text[start:end]):
            key = m.group().casefold()
            if not m.group()[0].islower() and key in tr.anchor_at and unique(key):
                found.append((n, *tr.anchor_at[key]))
    return found


def one_paragraph(left: str, right: str, tr: TranslationText, unique: Callable[[str], bool]) -> bool:
    """The translation holds left's last sentences and right's first in one paragraph:
    its paragraph of left's last anchor has more sentences after it than left has,
    or its paragraph of right's first anchor has more before it than right has."""
    after = _anchors(left, tr, unique)
    if after:
        n, paragraph, sentence = after[-1]
        if len(tr.paragraphs[paragraph]) - 1 - sentence > len(sentence_spans(left)) - 1 - n:
            return True
    before = _anchors(right, tr, unique)
    if before:
        n, paragraph, sentence = before[0]
        if sentence > n:
            return True
    return False


def _words(text: str) -> int:
    return len(text.split())


def find_stream_cut(runs: list[list[Fragment]], dates: Sequence[float | None], rough: Sequence[float | None],
                    fragment_page: Callable[[Fragment], float | None], tr: TranslationText,
                    unique: Callable[[str], bool], ends_open: Callable[[Fragment], bool],
                    source_words: int, page_words: float = 0.0,
                    attested: Callable[[str, str], float] = lambda a, b: 0.0
                    ) -> list[tuple[Fragment, int, int, str]]:
    """Cuts (fragment, start, end, why) where a dated run passes into the other
    stream. dates: each run's page from hard evidence; rough: the same or a
    translation's rough page; fragment_page: a fragment's page by its own anchors;
    unique(key): the anchor is found once in the source; page_words: the words a page
    holds; attested(left, right): how much the texts say the words ending left go on
    in those opening right."""
    known = [d for d in rough if d is not None]
    if len(known) < 2:
        return []
    gap = (max(known) - min(known)) * _STREAM_GAP
    cuts: list[tuple[Fragment, int, int, str]] = []
    for n, run in enumerate(runs):
        head = dates[n]
        if head is None or not run:
            continue
        at = next((i for i, f in enumerate(run) if i and (p := fragment_page(f)) is not None
                   and p - head > gap), None)
        if at is None:
            continue
        tail_page = fragment_page(run[at])
        later = [(m, rough[m]) for m in range(n + 1, len(runs)) if rough[m] is not None]
        before_tail = next((m for m, p in later if abs(p - tail_page) < abs(p - head)), None)
        after_head = next((m for m, p in later if abs(p - head) < abs(p - tail_page)), None)
        if before_tail is None or after_head is None or not ends_open(runs[before_tail][-1]):
            continue
        # the head's pages: from its date to the next run of its stream (a rough page
        # is a run's middle: the run starts before it)
        head_pages = max(int(rough[after_head] - head), 1)
        found = _cut_in(run, at, runs[before_tail], runs[after_head][0], tr, unique, source_words,
                        head_pages, page_words, attested)
        if found is not None:
            cuts.append(found)
    return cuts


def _seam_paragraph(left_run: list[Fragment], tail_anchor: tuple[int, int, int], at: int,
                    tr: TranslationText, unique: Callable[[str], bool]) -> int | None:
    """The translation's paragraph that holds the sentence left_run's last fragment
    leaves open: counted on from the last anchored fragment of left_run (one
    paragraph a fragment), else counted back from the tail's anchor (at fragments
    after the run's first)."""
    for back, f in enumerate(reversed(left_run)):
        found = _first_anchor(f.text, tr, unique)
        if found is not None:
            return found[1] + back
    return tail_anchor[1] - at if tail_anchor[1] >= at else None


def _cut_in(run: list[Fragment], at: int, left_run: list[Fragment], goes_on: Fragment, tr: TranslationText,
            unique: Callable[[str], bool], source_words: int, head_pages: int,
            page_words: float, attested: Callable[[str, str], float]) -> tuple[Fragment, int, int, str] | None:
    """The cut in run[1:at]: the tail goes on the sentence left_run's last fragment
    leaves open, the head goes on in goes_on's first sentence and fills head_pages
    pages of page_words words (0: not known); attested(left, right): how much the texts
    say the words ending left go on in those opening right (in words of the estimate)."""
    tail_anchor = _first_anchor(run[at].text, tr, unique)
    head_anchor = _first_anchor(goes_on.text, tr, unique)
    if tail_anchor is None or head_anchor is None or head_anchor[0] < 1:
        return None
    n_b, head_paragraph, head_sentence = head_anchor
    seam = _seam_paragraph(left_run, tail_anchor, at, tr, unique)
    left_open = left_run[-1]
    open_spans = sentence_spans(left_open.text)
    whole = len(open_spans) - 1
    if seam is None or not 0 <= seam < len(tr.paragraphs) or head_sentence - n_b < 0 \
            or len(tr.paragraphs[seam]) <= whole:
        return None
    # the two sentences the cut joins, in the translation: Han characters
    head_chars = tr.paragraphs[head_paragraph][head_sentence - n_b]
    tail_chars = tr.paragraphs[seam][whole]
    tail_ends = len(tr.paragraphs[seam]) - whole      # sentence ends the tail's first paragraph holds
    on_spans = sentence_spans(goes_on.text)
    head_end_words = _words(goes_on.text[on_spans[0][0]:on_spans[0][1]])
    open_text = left_open.text[open_spans[-1][0]:open_spans[-1][1]]
    open_words = _words(open_text)
    ratio = tr.han / source_words if source_words else 1.0
    best: tuple[tuple[float, float], Fragment, int, int] | None = None
    before = 0     # the run's words before x
    for x in run[1:at]:
        before += _words(run[run.index(x) - 1].text)
        spans = sentence_spans(x.text)
        c = len(spans) - tail_ends
        if not 0 <= c < len(spans):
            continue
        start, end = spans[c]
        words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(x.text[start:end])]
        chars_per_word = (head_chars + tail_chars) / (len(words) + open_words + head_end_words)
        want = head_chars / chars_per_word - head_end_words
        # the head fills the pages up to the next run of its stream
        head_words = before + _words(x.text[:start])
        pages_off = abs(head_words - head_pages * page_words) / page_words if head_pages and page_words else 0.0
        for i in range(1, len(words)):
            left = x.text[words[i - 1][0]:words[i - 1][1]]
            right = x.text[words[i][0]:words[i][1]]
            if not right[:1].islower() or left[-1:] in ".!?:;":
                continue
            # the sentence whose length gives the ratio nearest the book's and whose
            # place fills the head's pages, then the word nearest the lengths' estimate, less
            # what the words the cut puts together are heard elsewhere in the texts
            heard = attested(open_text, x.text[words[i][0]:]) + attested(x.text[:words[i - 1][1]], goes_on.text)
            cost = (abs(chars_per_word - ratio) / ratio + pages_off, abs(i - want) - heard)
            if best is None or cost < best[0]:
                best = (cost, x, words[i - 1][1], words[i][0])
    if best is None:
        return None
    _, x, start, end = best
    return (x, start, end, STREAM_CUT + ": cut where their sentences' lengths put the page break")
