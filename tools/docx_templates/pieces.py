"""Pieces several kinds' content shares: dash lists, quotes, conclusions, the connection lines,
the grid tables (task_table.html, numbered_table.html, status_table.html, unit_table.html,
answer_table.html) and the answers and changes blocks (responses.html, changes.html)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm

from briefgen.model.meeting import TaskStatus
from tools.docx_templates.base import TemplateBuilder
from tools.docx_templates.flow import Flow, R, make_table, row_flag


class Pieces(TemplateBuilder):
    """A template builder with the shared pieces of content."""

    def _group_styles(self, add: Callable[..., None]) -> None:
        """p.group and ul.members of style.css (the participants of the minutes and the pack):
        each group a bold line kept with its people, its people indented one step further."""
        add("BG Group", bold=True, keep_next=True)
        add("BG Member", "BG List")
        self.doc.styles["BG Member"].paragraph_format.left_indent = Cm(self.p.body.indent_cm)

    @staticmethod
    def _group(f: Flow, line: str, loop: str, item: str) -> None:
        """One group of participants: its line, then its people (``item`` in ``loop``)."""
        f.par("BG Group", line)
        f.tag(f"for {loop}")
        f.par("BG Member", f"- {item}")
        f.tag("endfor")

    @staticmethod
    def _dash_list(f: Flow, loop: str, item: str, *, ends: bool = False) -> None:
        """ul.dash: one "- " paragraph per item; ``ends`` adds ";" after each but the last "."."""
        f.tag(f"for {loop}")
        end = '{{ ";" if not loop.last else "." }}' if ends else ""
        f.par("BG List", f"- {{{{ {item} }}}}{end}")
        f.tag("endfor")

    @staticmethod
    def _logistics_rest(f: Flow, lg: str) -> None:
        """The connection lines after the central and own points (invitation.html, pack.html)."""
        for label, field in (("invitation_test_participants", "participants_test"),
                             ("invitation_test_technical", "technical_test"),
                             ("invitation_technical_contact", "technical_contact"),
                             ("invitation_content_contact", "content_contact")):
            f.par("Normal", f"- {{{{ L.{label} }}}}: {{{{ {lg}.{field} }}}}.")

    # -- grid tables (task_table.html, status_table.html, unit_table.html) ----------------
    def _grid_table(self, shares: Iterable[float], head: list[str], loop: str,
                    cells: list[tuple[str, bool]], total: list[tuple[str, bool]] | None = None,
                    keep_last: bool = False) -> None:
        """A table.grid: a header row repeated on each page, one row per item of ``loop``
        (``{%tr for %}``), an optional bold closing row; cells given as (text, centred). The
        widths are the colgroup's shares, scaled to fill the text width as a browser does.
        ``keep_last``: the last row keeps with what follows (the closing words, proof.md)."""
        shares = list(shares)
        widths = [Mm(self.text_width.mm * share / sum(shares)) for share in shares]
        start, end = "{%tr for " + loop + " %}", "{%tr endfor %}"
        body: list[str | list[tuple[str, bool]]] = [start, cells, end] if not keep_last else [
            start, "{%tr if not loop.last %}", cells, "{%tr else %}", cells, "{%tr endif %}", end]
        table = make_table(self.doc, widths, grid=self.layout.rules.pt,
                           rows=1 + len(body) + bool(total), cell_margin_pt=self.layout.cell_pad_pt)
        row_flag(table, 0, "w:tblHeader")
        for cell, text in zip(table.rows[0].cells, head, strict=True):
            Flow(cell).par("BG Table Head", text)
        filled = [(i + 1, part, False) for i, part in enumerate(body) if not isinstance(part, str)]
        for index, part in enumerate(body, start=1):
            if isinstance(part, str):
                Flow(table.rows[index].cells[0]).par("BG Table", part)
        rows = filled + ([(len(body) + 1, total, True)] if total else [])
        last = filled[-1][0] if keep_last else None
        for index, texts, bold in rows:
            for cell, (text, centred) in zip(table.rows[index].cells, texts, strict=True):
                paragraph = Flow(cell).par("BG Table", R(text, bold=bold), keep_next=index == last)
                if centred:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            row_flag(table, index, "w:cantSplit")
        Flow(self.doc).par("BG Rule", after=self.space.grid_after_pt - 1,
                           keep_next=keep_last)  # never last

    def _task_table(self, tasks: str, keep_last: bool = False) -> None:
        self._grid_table(self.layout.columns.tasks, [f"{{{{ L.task_columns[{i}] }}}}" for i in range(6)],
                         f"t in {tasks}",
                         [("{{ t.no }}", True), ("{{ t.title }}", False),
                          ("{{ t.owners }}", False), ("{{ t.deadline or L.no_deadline }}", True),
                          ("{{ t.status }}", False),
                          ('{{ L.yes_mark if t.report_now else "" }}', True)], keep_last=keep_last)

    def _numbered_table(self, tasks: str, keep_last: bool = False) -> None:
        """templates/html/numbered_table.html: tasks numbered 1, 2, 3, their id apart."""
        self._grid_table(self.layout.columns.numbered,
                         [f"{{{{ L.numbered_columns[{i}] }}}}" for i in range(7)], f"t in {tasks}",
                         [("{{ t.no }}", True), ("{{ t.id }}", True), ("{{ t.title }}", False),
                          ("{{ t.owners }}", False), ("{{ t.deadline or L.no_deadline }}", True),
                          ("{{ t.status }}", False),
                          ('{{ L.yes_mark if t.report_now else "" }}', True)], keep_last=keep_last)

    def _status_table(self, register: str) -> None:
        self._grid_table(self.layout.columns.status, ["{{ L.status_column }}", "{{ L.count_column }}"],
                         f"r in {register}.by_status",
                         [("{{ r.label }}", False), ("{{ r.count }}", True)],
                         total=[("{{ L.total_column }}", False),
                                (f"{{{{ {register}.total }}}}", True)])

    def _unit_table(self) -> None:
        statuses = range(len(TaskStatus))  # one column per status, as the view gives
        self._grid_table(self.layout.columns.units.widths,
                         ["{{ L.unit_column }}",
                          *(f"{{{{ doc.extra.status_labels[{i}] }}}}" for i in statuses),
                          "{{ L.total_column }}"],
                         "r in doc.extra.units",
                         [("{{ r.unit }}", False),
                          *((f"{{{{ r.counts[{i}] }}}}", True) for i in statuses),
                          ("{{ r.total }}", True)])

    def _tasks_or_none(self, f: Flow, tasks: str) -> None:
        """{% if tasks %}the task table{% else %}L.pack_none{% endif %}"""
        f.tag(f"if {tasks}")
        self._task_table(tasks)
        f.tag("else")
        f.par("Normal", "{{ L.pack_none }}")
        f.tag("endif")

    @staticmethod
    def _conclusion(mark: str = "{{ c.no }}.") -> str:
        """A conclusion's paragraph, opening with ``mark`` (its number, or the minutes' "3.1.")."""
        return f"{mark} " "{% for cited in c.cited %}{{ cited }} {% endfor %}{{ c.said }}"

    @staticmethod
    def _quotes(f: Flow, seq: str) -> None:
        f.tag(f"for q in {seq}")
        f.par("BG Quote", "“{{ q }}”.")
        f.tag("endfor")

    def _responses(self, f: Flow, r: str, sub: str) -> None:
        """What the owner units answered (templates/html/responses.html)."""
        f.par("Normal", f"{{{{ {r}.summary }}}}")
        f.tag(f"if {r}.unanswered")
        f.par("Normal", f"{{{{ {r}.unanswered_intro }}}}")
        self._dash_list(f, f"u in {r}.unanswered", "u", ends=True)
        f.tag("else")
        f.par("Normal", "{{ L.responses_all_answered }}")
        f.tag("endif")
        for rows, heading in (("answers", "responses_reasons"), ("still_late", "responses_still_late")):
            f.tag(f"if {r}.{rows}")
            f.par(sub, f"{{{{ L.{heading} }}}}")
            self._answer_table(f"{r}.{rows}")
            f.tag("endif")

    def _changes(self, f: Flow, c: str, sub: str) -> None:
        """What changed since the previous session (templates/html/changes.html)."""
        f.par("Normal", f"{{{{ {c}.summary }}}}")
        f.tag(f"if {c}.rows")
        self._grid_table(self.layout.columns.changes,
                         [f"{{{{ L.change_columns[{i}] }}}}" for i in range(5)], f"r in {c}.rows",
                         [("{{ r.no }}", True), ("{{ r.title }}", False), ("{{ r.owners }}", False),
                          ("{{ r.change }}", False), ("{{ r.detail }}", False)])
        f.tag("endif")
        f.tag(f"if {c}.conclusions")
        f.par(sub, "{{ L.changes_conclusions }}")
        self._grid_table(self.layout.columns.followed,
                         [f"{{{{ L.followed_columns[{i}] }}}}" for i in range(3)],
                         f"k in {c}.conclusions",
                         [("{{ k.no }}", True), ("{{ k.text }}", False), ("{{ k.tasks }}", False)])
        f.tag("endif")

    def _answer_table(self, rows: str) -> None:
        self._grid_table(self.layout.columns.answers,
                         [f"{{{{ L.answer_columns[{i}] }}}}" for i in range(7)], f"a in {rows}",
                         [("{{ a.no }}", True), ("{{ a.title }}", False), ("{{ a.owners }}", False),
                          ("{{ a.status }}", False), ("{{ a.progress }}", False),
                          ("{{ a.delay_reason }}", False),
                          ("{{ a.proposals }}", False)])
