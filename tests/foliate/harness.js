// Drives foliate-js as the Foliate reader does (its reader.js): opens an EPUB,
// hides every aside footnote the way the reader's stylesheet does, follows
// hrefs, and opens note calls through its FootnoteHandler (the popup).
// window.harness is what tests/test_reading_systems.py calls.
import './foliate-js/view.js'
import { FootnoteHandler } from './foliate-js/footnotes.js'

// The rule foliate's reader.js applies to every document it shows (as Apple Books does).
const READER_CSS = `@namespace epub "http://www.idpf.org/2007/ops";
aside[epub|type~="endnote"], aside[epub|type~="footnote"],
aside[epub|type~="note"], aside[epub|type~="rearnote"] { display: none; }`

const flatten = items => (items ?? []).flatMap(item =>
    [item.label.trim(), ...flatten(item.subitems)])

const nextRelocate = view => new Promise(resolve =>
    view.addEventListener('relocate', e => resolve(e.detail), { once: true }))

window.harness = {
    async open(url) {
        const view = document.createElement('foliate-view')
        document.body.append(view)
        const blob = await (await fetch(url)).blob()
        await view.open(new File([blob], url.split('/').pop()))
        view.renderer.setStyles?.(READER_CSS)
        view.renderer.setAttribute('flow', 'paginated')
        this.view = view
        const { book } = view
        return {
            toc: flatten(book.toc),
            pages: (book.pageList ?? []).map(item => item.label.trim()),
            dir: book.dir ?? '',
            language: [book.metadata?.language].flat().join(' '),
        }
    },
    // Go to href; what the reader sees there: the section's visible text
    // (display: none excluded) and the page indicator's label.
    async show(href) {
        const relocated = nextRelocate(this.view)
        await this.view.goTo(href)
        const detail = await Promise.race([relocated,
            new Promise(resolve => setTimeout(() => resolve({}), 3000))])
        const { doc } = this.view.renderer.getContents()[0]
        return { text: doc.body.innerText, page: detail.pageItem?.label?.trim() ?? null }
    },
    // The note calls of the document shown: their hrefs.
    noteCalls() {
        const { doc } = this.view.renderer.getContents()[0]
        return [...doc.querySelectorAll('a')]
            .filter(a => (a.getAttributeNS('http://www.idpf.org/2007/ops', 'type') ?? '')
                .split(' ').includes('noteref'))
            .map(a => a.getAttribute('href'))
    },
    // Open the call with this href as the reader does (a popup); its visible text.
    popup(href) {
        const { doc, index } = this.view.renderer.getContents()[0]
        const a = [...doc.querySelectorAll('a')].find(a => a.getAttribute('href') === href)
        const resolved = this.view.book.sections[index].resolveHref(href)
        const handler = new FootnoteHandler()
        return new Promise((resolve, reject) => {
            handler.addEventListener('before-render', e => {
                e.detail.view.classList.add('popup')
                document.body.append(e.detail.view)
            })
            handler.addEventListener('render', e => {
                const { view, type, hidden } = e.detail
                view.renderer.setStyles?.(READER_CSS)
                const { doc } = view.renderer.getContents()[0]
                resolve({ text: doc.body.innerText, type, hidden })
            })
            const handled = handler.handle(this.view.book,
                { detail: { a, href: resolved }, preventDefault() {} })
            if (!handled) reject(new Error(`foliate does not take ${href} for a note call`))
            else handled.catch(reject)
        })
    },
    closePopups() {
        for (const view of document.querySelectorAll('foliate-view.popup')) view.remove()
    },
}
window.harnessReady = true
