"""The corpus of real sources (tests/corpus/, origins in SOURCES.toml): for each file,
what a reader of the file sees once it is read and cleaned — its headings, notes,
emphasis and links, and what the rules take out (the site around a post, Project
Gutenberg's header and licence). The expectations were written from the files
themselves (their `#` lines, <hN> elements, [^n] definitions), not from the tool."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT
from zinepress.changes import ChangeLog
from zinepress.model import Emph, Heading, Link, Note, NoteRef, Para
from zinepress.readers import reader_for
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.cleaning import rules_for
from zinepress.walk import block_text, iter_blocks, iter_inlines, own_inlines, plain_text

CORPUS = ROOT / "tests" / "corpus"
KINDS = {"markdown": "markdown", "wordpress": "wordpress", "plaintext": "plaintext"}
# a plain text paged with form feeds is read as `zinepress sources` guesses it: page by page
READ_AS = {"rfc1459-irc-protocol.txt": "pdftext"}


def _kind(path: Path) -> str:
    return READ_AS.get(path.name, KINDS[path.parent.name])


@functools.cache
def _read(name: str):
    path = next(CORPUS.glob(f"*/{name}"))
    kind = _kind(path)
    log = ChangeLog()
    source = run_rules(reader_for(kind)(path, "c", "en"), rules_for(kind), RuleContext(log))
    blocks = list(iter_blocks(source.blocks))
    inlines = [i for b in blocks for i in iter_inlines(own_inlines(b) or [])]
    return source, blocks, inlines, log


def _headings(blocks) -> list[tuple[int, str]]:
    return [(b.level, " ".join(plain_text(b.inlines, " ").split())) for b in blocks if isinstance(b, Heading)]


# file -> (headings as the file marks them, notes, a phrase in emphasis or None, a link target or None,
#          the rules that must remove something)
EXPECTED = {
    "jekyll-goodbye-dear-frank.md": ([], 0, "engage with the community", "https://talk.jekyllrb.com/", set()),
    "jekyll-turns-2-0-0.md": ([], 0, None, "/docs/collections/", set()),
    "jekyll-diversity-open-source.md": (
        [(2, "Add a Code of Conduct, and enforce it"), (2, "Document your contributing workflow"),
         (2, "Create newcomer-friendly issues"), (2, "Be nice")], 0, None, "http://opensourcesurvey.org/2017", set()),
    "hexo-zh-cn-docs-index.md": (
        [(2, "什么是 Hexo？"), (2, "安装"), (3, "要求"), (3, "安装 Git"), (3, "安装 Node.js"), (3, "安装 Hexo"),
         (3, "进阶安装和使用"), (3, "Node.js 版本限制")], 0, None, "https://github.com/hexojs/hexo/issues", set()),
    "hexo-8-0-0-released.md": (
        [(2, "Breaking Changes"), (2, "New Features"), (2, "Fixes"), (2, "Performances"), (2, "Refactor"),
         (2, "Test"), (2, "Depenrencies"), (2, "Misc"), (2, "New Contributors"), (2, "Full Changelog")],
        0, None, "https://github.com/hexojs/hexo/releases/tag/v8.0.0", set()),
    "anarwiki-the-anarchist-library.md": (
        [(2, "History"), (2, "Goals and organization"), (2, "Legacy"), (3, "Influence(s)"),
         (3, "Criticisms and internal debates"), (2, "Bibliography")], 47, "Southeast Asian Anarchist Library",
        "https://crimethinc.com/2021/02/13/remembering-aragorn-a-poem-and-a-zine", set()),
    "luxun-nala-zouhou-zenyang.md": ([], 0, None, None, set()),
    "hexo-zh-emsp-paragraphs.md": (
        [(1, "一、为何搭建个人博客:"), (1, "二、创建githu仓库:"), (2, "1. 创建代码仓库:"), (1, "三、Hexo:"),
         (1, "四、编写文章:"), (1, "五、Hexo常用:")], 0, None, "https://gitee.com/", set()),
    "hexo-zh-ideographic-indent.md": (
        [(2, "使用Typora编辑Markdown文件，书写博客文章"), (3, "Markdown"), (3, "Typora"), (3, "标题"), (3, "列表"),
         (2, "如何在文章中插入图片、视频和音乐？"), (3, "开启每篇文章的资源文件夹"), (3, "在文章内插入视频"),
         (2, "访问体验优化")], 0, None, "https://typora.io/", {"markdown-html"}),
    "hugo-getting-started.md": (
        [(2, "Step 1. Install Hugo"), (2, "Step 2. Build the Docs"), (2, "Step 3. Change the docs site"),
         (2, "Step 4. Have fun")], 0, "fix the typo", "https://github.com/spf13/hugo/releases", set()),
    "hugo-introduction-aux-modeles.fr.md": (
        [(2, "Introduction aux modèles Go"), (2, "Syntaxe basique"), (2, "Variables"), (2, "Functions"),
         (2, "Inclusions"), (2, "Logique"), (3, "Itération"), (3, "Conditions"), (2, "Pipes"),
         (2, "Contexte (alias. le point)"), (1, "Les Paramètres d'Hugo"),
         (2, "Utiliser les paramètres de contenu (page)"), (2, "Utiliser les paramètres de site (config)")],
        0, "Pipes", "http://golang.org/pkg/html/template/", set()),
    "mozilla-hacks-fetch-api.html": (
        [(2, "Feature detection"), (2, "Simple fetching"), (2, "Headers"), (2, "Request"), (2, "Response"),
         (2, "Dealing with bodies"), (3, "Streams and cloning"), (2, "Future improvements")], 0, None,
        "https://fetch.spec.whatwg.org", {"wordpress-chrome"}),
    "firefox-nightly-blog.html": (
        [(1, "These Weeks in Firefox: Issue 85"), (3, "Highlights"), (3, "Friends of the Firefox team")], 0,
        "Search Preferences", None, {"wordpress-chrome", "missing-figure"}),
    "wptavern-jobs-data.html": (
        [(1, "Stack Overflow Jobs Data Shows ReactJS Skills in High Demand, WordPress Market Oversaturated "
             "with Developers")], 0, None, None, {"wordpress-chrome"}),
    "iab-lean-ad-ux.html": ([(1, "Getting LEAN with Digital Ad UX"), (4, "About the author")], 0, None,
                            "mailto:adblocking@iab.com", {"missing-figure"}),
    "ars-technica-linux-malware.html": (
        [(4, "Biz & IT —"), (1, "Just-released Minecraft exploit makes it easy to crash game servers")],
        0, "Minecraft", None, {"wordpress-chrome", "missing-figure"}),
    "spiceworks-news.html": ([(2, "Video is the Ultimate Engagement Tool for Marketers in 2020")], 0, None,
                             None, {"missing-figure"}),
    "buchperlen-wordpress-com.html": (
        [(2, "Leandra Lou – Der etwas andere Modeblog jetzt auch zwischen Buchdeckeln. Leandra Lou schreibt über "
             "all die Themen, die echte Fashion Junkies bewegen von A wie Abnehmen bis Z wie Zicke über Botox, "
             "Collection, Do-it-yourself"),
         (1, "Lesen Sie Modeblogs?"), (1, "Lesen Sie keine Modeblogs?")], 0, None,
        "http://kunstanstifter.de/buecher/leandra-lou/", {"wordpress-chrome", "missing-figure"}),
    "de-creativecommons-nc.html": (
        [(1, "Endlich wird es spannend: Die NC-Einschränkug nach deutschem Recht")], 0, None,
        "https://wiki.creativecommons.org/FAQ#Does_my_use_violate_the_NonCommercial_clause_of_the_licenses.3F",
        {"wordpress-chrome"}),
    "de-creativecommons-nc-whole-page.html": (
        [(1, "Endlich wird es spannend: Die NC-Einschränkug nach deutschem Recht")], 0, None,
        "https://wiki.creativecommons.org/FAQ#Does_my_use_violate_the_NonCommercial_clause_of_the_licenses.3F",
        {"wordpress-chrome"}),
    "creativecommons-what-we-do.html": (
        [(1, "What we do"), (2, "What is Creative Commons?"), (2, "Global Affiliate Network"),
         (2, "Creative Commons Platforms"), (2, "Our Programs")], 0, None, "/about/team/",
        {"wordpress-chrome", "missing-figure"}),
    "zh-block-theme-faq.html": ([(3, "财税代理的常见问题")], 0, None, None, {"missing-figure", "repeated-paragraph"}),
    "gutenberg-news-from-nowhere.txt": (
        [(2, "CHAPTER I: DISCUSSION AND BED"), (2, "CHAPTER II: A MORNING BATH")], 0, "TENTH IMPRESSION", None,
        {"gutenberg-frame"}),
    "gutenberg-devils-dictionary.txt": ([(1, "THE DEVIL'S DICTIONARY"), (2, "AUTHOR'S PREFACE"), (2, "A")], 0,
                                        "The Devil's Dictionary", None, {"gutenberg-frame"}),
    "gutenberg-complete-angler.txt": ([], 0, "Facsimile", None, {"gutenberg-frame"}),
    "gutenberg-katrine.txt": ([(1, "KATRINE")], 0, "All rights reserved.", None,
                              {"gutenberg-frame", "contents-page", "illustration-marks"}),
    "gutenberg-goldman-anarchism.txt": (
        [(1, "ANARCHISM AND OTHER ESSAYS"), (2, "Emma Goldman"), (2, "With Biographic Sketch by Hippolyte Havel"),
         (2, "ANARCHISM: WHAT IT REALLY STANDS FOR")], 0, None, None, {"gutenberg-frame", "contents-page"}),
    "gutenberg-little-colonels-hero.txt": ([(1, "THE LITTLE COLONEL'S HERO")], 0, "Everybody", None,
                                           {"gutenberg-frame", "contents-page", "illustration-marks"}),
    "gutenberg-jack-sheppard.txt": ([], 0, "VOL. XII", None, {"gutenberg-frame", "contents-page"}),
    # the library's plain-text source: its Muse header goes, sixteen paragraphs and no heading stay
    "zh-anarchist-library-bonanno.muse": ([], 0, None, None, {"muse-header"}),
    # the RFC's numbered sections, as its contents list them (its title page and contents go)
    "rfc1459-irc-protocol.txt": (
        [(2, "1. INTRODUCTION"), (2, "1.1 Servers"), (2, "1.2 Clients"), (2, "1.2.1 Operators"), (2, "1.3 Channels"),
         (2, "1.3.1 Channel Operators"), (2, "2. The IRC Specification"), (2, "2.1 Overview"),
         (2, "2.2 Character codes"), (2, "2.3 Messages")], 0, None, None,
        {"title-page", "contents-page", "running-heads"}),
}


def test_every_corpus_file_has_its_origin_and_its_test():
    recorded = tomllib.loads((CORPUS / "SOURCES.toml").read_text(encoding="utf-8"))["file"]
    # (the pdftotext extracts record theirs beside them: tests/test_corpus_pdftext.py)
    files = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*") if p.is_file() and p.parent.name in KINDS)
    assert sorted(e["file"] for e in recorded) == files
    for entry in recorded:
        assert entry["repository"] and len(entry["commit"]) == 40 and entry["licence"] and entry["kept"]
    assert sorted(Path(f).name for f in files) == sorted(EXPECTED)
    assert len(files) >= 18


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_reader_sees_the_file_as_its_author_marked_it(name):
    headings, notes, emph, link, rules = EXPECTED[name]
    source, blocks, inlines, log = _read(name)
    found = _headings(blocks)
    if name.endswith(".md") or name.startswith(("mozilla", "iab", "wptavern", "de-", "creativecommons", "rfc")):
        assert found == headings                       # every heading the file marks, in order
    else:
        assert found[:len(headings)] == headings       # the opening ones (long pages, many section marks)
    assert len([b for b in blocks if isinstance(b, Note)]) == notes
    if emph:
        assert any(emph in plain_text(i.children, " ") for i in inlines if isinstance(i, Emph))
    if link:
        assert link in {i.href for i in inlines if isinstance(i, Link)}
    assert {r.rule for r in log.removals} >= rules
    text = "\n".join(block_text(b) for b in source.blocks)
    assert [b for b in blocks if isinstance(b, Para)] and text.strip()


@pytest.mark.parametrize("name", [n for n in EXPECTED if n.startswith("gutenberg")])
def test_gutenberg_s_header_and_licence_go_by_their_rule_and_never_become_headings(name):
    source, blocks, inlines, log = _read(name)
    text = "\n".join(block_text(b) for b in source.blocks)
    for frame in ("Project Gutenberg", "Release Date", "Character set encoding", "*** START", "*** END",
                  "FULL LICENSE", "Produced by"):
        assert frame not in text, frame
    removed = [r for r in log.removals if r.rule == "gutenberg-frame"]
    assert removed[0].first_line == 1                                  # from the file's first line
    assert any("START OF" in r.text for r in removed) and any("END OF" in r.text for r in removed)
    assert any("FULL LICENSE" in r.text for r in removed)
    # _italics_ are emphasis, their underscores gone
    assert not any("_" in plain_text(i.children, " ") for i in inlines if isinstance(i, Emph))


def test_the_anarchist_librarys_plain_text_reads_as_its_paragraphs_under_its_muse_header():
    """The library's plain-text source of a text (a .muse file): lines 1-7 are its
    header (#title, #author, #date, #source, #lang, #pubdate, #notes), then sixteen
    paragraphs, one a line, blank lines between (lines 11 to 41, by sed -n)."""
    source, blocks, inlines, log = _read("zh-anarchist-library-bonanno.muse")
    assert source.meta["title"] == "无政府主义的张力" and source.meta["author"] == "阿尔弗雷多·M·博南诺"
    assert source.meta["date"] == "1996" and source.meta["lang"] == "zh"
    assert source.meta["source"].startswith("于2021-12-31从https://zhuanlan.zhihu.com/p/427119119")
    (header,) = [r for r in log.removals if r.rule == "muse-header"]
    assert (header.first_line, header.last_line) == (1, 7) and header.text.startswith("#title 无政府主义的张力")
    paras = [(b.prov.first_line, block_text(b)) for b in blocks if isinstance(b, Para)]
    assert [line for line, _ in paras] == list(range(11, 42, 2))
    assert paras[0][1].startswith("当我开始演讲时，我总是有些尴尬")
    assert paras[-1][1].endswith("所以，基本上，问题根本没有得到解决，它只是被重复。")
    assert not any(text.startswith("#") for _, text in paras)
    assert not [b for b in blocks if isinstance(b, Heading)]
    # `zinepress sources` guesses it as plain text, by its header
    from zinepress.editor.inspect import guess_kind
    text = (CORPUS / "plaintext" / "zh-anarchist-library-bonanno.muse").read_text(encoding="utf-8")
    assert guess_kind(text) == ("plaintext", "a Muse header (#title, #author: The Anarchist Library's "
                                             "plain-text source)")


def test_news_from_nowhere_reads_as_its_first_two_chapters():
    source, blocks, inlines, _ = _read("gutenberg-news-from-nowhere.txt")
    paras = [block_text(b) for b in source.blocks if isinstance(b, Para)]
    opening = next(p for p in paras if p.startswith("Up at the League"))
    assert "says a friend, there had been one night a brisk conversational discussion" in opening


def test_the_wiki_page_s_notes_are_called_where_the_text_cites_them():
    source, blocks, inlines, _ = _read("anarwiki-the-anarchist-library.md")
    calls = [i.label for i in inlines if isinstance(i, NoteRef)]
    notes = [b for b in blocks if isinstance(b, Note)]
    assert sorted(set(calls), key=int) == [str(n) for n in range(1, 48)]   # [^1] … [^47], each called
    assert [n.label for n in notes] == [str(n) for n in range(1, 48)]
    # note 10 repeats note 2 word for word (the same page cited twice): both kept
    assert block_text(notes[9]) == block_text(notes[1])
    history = next(b for b in source.blocks if isinstance(b, Para) and "founded by Aragorn" in block_text(b))
    assert [i.label for i in iter_inlines(history.inlines) if isinstance(i, NoteRef)][:5] == ["1", "2", "3", "4", "5"]


def test_the_wordpress_comments_and_reply_form_go_by_the_chrome_rule():
    source, blocks, inlines, log = _read("mozilla-hacks-fetch-api.html")
    text = "\n".join(block_text(b) for b in source.blocks)
    assert "Leave a Reply" not in text and "2 comments" not in text
    reasons = {r.reason for r in log.removals if r.rule == "wordpress-chrome"}
    assert "the readers' comments (WordPress's comments template)" in reasons


def test_a_wordpress_com_page_s_site_chrome_and_cookie_banner_go_by_the_chrome_rule():
    """A whole WordPress.com page (a classic theme that closes its <footer> with
    </div>, as browsers forgive): the site's header, Jetpack's sharing, likes and
    related posts, the comments, the reply form, the footer widgets and the cookie
    banner all go, each with its reason; the post stays."""
    source, blocks, inlines, log = _read("buchperlen-wordpress-com.html")
    text = "\n".join(block_text(b) for b in source.blocks)
    assert "Lesen Sie Modeblogs?" in text
    for chrome in ("Kulturspeicher 2.0", "Datenschutz & Cookies", "Schließen und Akzeptieren", "Impressum"):
        assert chrome not in text, chrome
    reasons = {r.reason for r in log.removals if r.rule == "wordpress-chrome"}
    assert {"the cookie banner (Jetpack's EU cookie law widget)", "the site's header: its name, description and menu",
            "the site's footer: widgets, links and credits", "Jetpack share buttons and likes"} <= reasons


def test_lu_xun_s_lecture_reads_as_its_eleven_paragraphs_under_its_front_matter_title():
    source, blocks, inlines, log = _read("luxun-nala-zouhou-zenyang.md")
    assert source.meta["title"] == "娜拉走后怎样" and source.meta["volume"] == "坟"
    paras = [block_text(b) for b in source.blocks]
    assert len(paras) == 11
    assert paras[0].startswith("——一九二三年十二月二十六日在北京女子高等师范学校文艺会讲")
    assert paras[-1].endswith("我这讲演也就此完结了。")
    assert "Ein Puppenheim" in paras[1]


def test_em_space_indented_lines_of_a_chinese_post_are_paragraphs_of_their_own():
    source, blocks, inlines, log = _read("hexo-zh-emsp-paragraphs.md")
    paras = [(b.prov.first_line, block_text(b)) for b in blocks if isinstance(b, Para)]
    # lines 14 and 15 each open with &emsp;&emsp; and no blank line between them: two paragraphs
    assert (14, "关于Git仓库有国内的Gitee和国外的Github都可以选择;") in paras
    assert (15, "默认已经在电脑上安装了Git的客户端;") in paras
    assert paras[0][0] == 11 and paras[0][1].startswith("其实我在CSDN有自己的博客, ")
    assert not any(text.startswith(("\u2003", "\u3000", "&emsp;")) for _, text in paras)
    assert sorted(e.line for e in log.edits if e.rule == "indented-paragraphs") == [14, 15]


def test_a_chinese_hexo_post_reads_without_its_scripts_player_and_excerpt_mark():
    source, blocks, inlines, log = _read("hexo-zh-ideographic-indent.md")
    text = "\n".join(block_text(b) for b in blocks if isinstance(b, Para))
    for markup in ("<!--", "<script", "<video", "Hls.isSupported"):
        assert markup not in text, markup
    paras = [block_text(b) for b in blocks if isinstance(b, Para)]
    assert paras[0] == "本文记录和讲解我的HexoBlog的使用，会持续更新。"   # its 　　 indent gone
    assert "演示视频：" in paras
    removed = sorted((r.first_line, r.reason) for r in log.removals if r.rule == "markdown-html")
    assert [line for line, _ in removed] == [16, 18, 45, 46]
    assert "a video player" in removed[2][1] and "an HTML comment" in removed[0][1]


def test_a_chinese_block_theme_pattern_reads_as_its_questions_and_answers():
    source, blocks, inlines, log = _read("zh-block-theme-faq.html")
    paras = [(b.prov.first_line, block_text(b)) for b in blocks if isinstance(b, Para)]
    text = "\n".join(t for _, t in paras)
    # the PHP header (Title: 常见问题模块1) and the <!-- wp:… --> block comments are no text
    assert "常见问题模块1" not in text and "wp:paragraph" not in text and "themepark" not in text
    # each accordion's question (a <div>, not a heading), then its answer
    questions = [t for _, t in paras if t.startswith("问：")]
    assert questions == ["问：公司的财务人员是代理记账公司的，那么企业的财务人员要变更为现在的代理记账人员吗？",
                         "问：委托代理记账公司记账有什么优势", "问：财务代理记帐一般有哪些服务项目",
                         "问：公司刚成立没什么营业收入，也需要报税交税款吗?"]
    # the first answer's three paragraphs stand twice in the file (lines 19-30, 31-42): once in the book
    assert text.count("如果代理公司要代你们公司办理涉税事项，是要进行实名认证的。") == 1
    assert sorted(r.first_line for r in log.removals if r.rule == "repeated-paragraph") == [31, 35, 39]
    # the services list is nine paragraphs, A to I, as the file gives them
    items = [t for _, t in paras if t[:2] in {f"{c}、" for c in "ABCDEFGI"} or t.startswith(";H、")]
    assert len(items) == 9 and items[-1] == "I、其他人事税务相关事项。"


def test_a_compound_cut_at_its_hyphen_at_a_line_end_keeps_its_hyphen_and_no_space():
    source, blocks, inlines, log = _read("gutenberg-news-from-nowhere.txt")
    text = " ".join(block_text(b) for b in source.blocks)
    # lines 86-87: "…used to public meetings and after-" / "lecture debates…"
    assert "public meetings and after-lecture debates" in text and "after- lecture" not in text
    assert "smoke-vomiting chimneys" in text and "home-farer" in text
    edits = {(e.before, e.after) for e in log.edits if e.rule == "line-end-compounds"}
    assert ("after-⏎lecture", "after-lecture") in edits


def test_hugo_s_toml_front_matter_is_read_like_yaml():
    source, *_ = _read("hugo-getting-started.md")
    assert source.meta["title"] == "Getting Started with Hugo" and source.meta["date"] == "2014-04-02"
    assert source.meta["tags"] == ["go", "golang", "hugo", "development"]
    assert source.blocks[0].prov.first_line == 20                  # "## Step 1. Install Hugo", after the +++ lines
    fr, *_ = _read("hugo-introduction-aux-modeles.fr.md")
    assert fr.meta["title"] == "Introduction aux modèles (Hu)go" and fr.meta["author"] == {"name": "Michael Henderson"}


@pytest.mark.parametrize("name, first, last, entries", [
    ("gutenberg-goldman-anarchism.txt", 46, 75, ["Biographic Sketch", "Preface", "Woman Suffrage"]),
    ("gutenberg-katrine.txt", 85, 116, ["UNDER THE SOUTHERN PINES", "SELF-SURRENDER"]),
    ("gutenberg-little-colonels-hero.txt", 147, 182, ["HER TWELFTH BIRTHDAY", '"TAPS"']),
    ("gutenberg-jack-sheppard.txt", 63, 151, ["The Widow and her Child", "The Closing Scene"]),
])
def test_a_printed_contents_list_goes_whole_by_its_rule_and_gives_no_headings(name, first, last, entries):
    """The CONTENTS paragraph and the entries after it (page numbers or short titles, at
    most two blank lines apart: the lines `sed -n` shows) go together; none is a heading."""
    source, blocks, inlines, log = _read(name)
    removed = [r for r in log.removals if r.rule == "contents-page"]
    assert [(r.first_line, r.last_line) for r in removed] == [(first, last)]
    for entry in entries:
        assert entry in removed[0].text
    # no heading comes from the list's lines (the chapters' own headings come later)
    assert not [b for b in blocks if isinstance(b, Heading) and first <= b.prov.first_line <= last]


def test_gutenberg_s_picture_marks_go_with_their_captions():
    source, blocks, inlines, log = _read("gutenberg-katrine.txt")
    marks = [r for r in log.removals if r.rule == "illustration-marks"]
    assert marks and marks[0].text.startswith('[Illustration: "I HAVE WAITED ALL THESE YEARS"]')
    assert not any("[Illustration" in block_text(b) for b in source.blocks)


def test_a_whole_saved_page_reads_as_its_post_under_its_title():
    """The page as a browser saves it: the doctype and <head> are not text (the <title>
    titles the source), the site's header, menus (<nav>, role navigation), sidebar
    widgets, comments and footer go by wordpress-chrome, each with its reason; the post
    stays, the same as in the page cut to its <main>."""
    source, blocks, inlines, log = _read("de-creativecommons-nc-whole-page.html")
    assert source.meta["title"] == ("Endlich wird es spannend: Die NC-Einschränkug nach deutschem Recht – "
                                    "Creative Commons Deutschland")
    texts = [block_text(b) for b in blocks if isinstance(b, (Para, Heading))]
    assert not any(t.strip() in ("html", "DOCTYPE html") for t in texts)
    cut, cut_blocks, _, _ = _read("de-creativecommons-nc.html")
    post = [block_text(b) for b in cut_blocks if isinstance(b, Para)][0]
    assert post in texts
    reasons = {r.reason for r in log.removals}
    assert {"the site's menus and links (role navigation)", "a widget of the site's sidebar or footer "
            "(WordPress's widget class)", "the site's footer: widgets, links and credits"} <= reasons
    for chrome in ("Warum nicht alles offen gestalten.", "Neueste Beiträge", "Stolz präsentiert von WordPress"):
        assert not any(chrome in t for t in texts), chrome


# --- the audit on each file ------------------------------------------------------------------


def _raw(name: str):
    path = next(CORPUS.glob(f"*/{name}"))
    return reader_for(_kind(path))(path, "c", "en")


def _output(source) -> list[str]:
    """The text an edition built from the cleaned source holds, block by block."""
    from zinepress.walk import text_blocks
    return [" ".join(t.split()) for _, t in text_blocks(source.blocks)]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_audit_passes_on_each_corpus_file(name):
    from zinepress.checks.audit import audit_edition
    source, blocks, inlines, log = _read(name)
    result = audit_edition("en", [_raw(name)], log, _output(source), "test")
    assert result.passed, [str(f) for f in result.findings[:3]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_sentence_deleted_from_each_corpus_file_is_named_at_its_line(name):
    import subprocess
    from zinepress.checks.audit import audit_edition
    from zinepress.text.sentences import split_sentences
    source, blocks, inlines, log = _read(name)
    out = _output(source)
    longest = max(range(len(out)), key=lambda i: len(out[i]))
    victim = max(split_sentences(out[longest]), key=len)
    out[longest] = out[longest].replace(victim, "", 1)
    result = audit_edition("en", [_raw(name)], log, out, "test")
    assert not result.passed
    def bare(text: str) -> str:
        return "".join(text.split())

    finding = next(f for f in result.findings if bare(f.text) in bare(victim) or bare(victim) in bare(f.text))
    assert finding.problem == "missing" and f"{finding.line}p" in finding.hint
    # the line named is where the sentence stands, or (HTML, where a paragraph's lines are not
    # kept apart) the first line of the paragraph that held it
    holder = next(b for b in iter_blocks(_raw(name).blocks)
                  if b.prov and bare(finding.text)[:12] in bare(block_text(b)))
    shown = subprocess.run(["sed", "-n", f"{finding.line},{holder.prov.last_line}p",
                            str(next(CORPUS.glob(f"*/{name}")))],
                           capture_output=True, text=True, encoding="utf-8", check=True).stdout
    assert holder.prov.first_line <= finding.line <= holder.prov.last_line
    assert bare(finding.text)[:8] in bare(re.sub(r"<[^>]+>", "", shown))
