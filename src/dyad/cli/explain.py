"""`dyad explain`: show how a text was coded, step by step."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from dyad.cli.common import ActorsOption, DateOption, JsonOption, LexiconOption, out, paths, print_json

if TYPE_CHECKING:
    from dyad.models import Provenance


def explain(
    text: Annotated[str, typer.Argument(help="A sentence or short article to explain.")],
    date: DateOption = None,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    json_: JsonOption = False,
) -> None:
    """Show the parse, the actors, the candidate triggers and why each event was or was not coded.

    Example:  dyad explain "Pakistan and China agreed to deepen cooperation." --date 2026-01-05
    """
    explain_text(text, date, paths(actors), paths(lexicon), json_)


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)


def explain_text(text: str, date: dt.date | None, actor_files: list[str], lexicon_files: list[str],
                 as_json: bool) -> None:  # fmt: skip
    from dyad.events.document import Coder
    from dyad.ingest.pipeline import prepare_document
    from dyad.models import Document

    doc = prepare_document(Document(text=text, date=date, origin="<explain>"))
    coder = Coder(actor_files=actor_files, lexicon_files=lexicon_files, keep_parses=True)
    coded = coder.code_document(doc)
    if as_json:
        print_json(_as_json(coded))
        return
    for s in coded.trace:
        out.rule(f"sentence {s.index}")
        out.print(s.text, highlight=False)
        if not s.parsed:
            out.print("[dim]no actor in this sentence: not parsed, nothing coded[/dim]")
            continue
        out.print(_parse_table(s.parse))
        for m in s.mentions:
            label = "place" if m.is_place else m.code or "+".join(x.code for x in m.members)
            out.print(
                f"  actor [bold]{m.text}[/bold] → [green]{label}[/green] ({m.confidence:.2f}): {m.reason}",
                highlight=False,
            )
        for dcs in s.decisions:
            mark = "[green]coded[/green]" if dcs.coded else "[yellow]not coded[/yellow]"
            out.print(f"  trigger [bold]{dcs.trigger}[/bold] ({dcs.lemma}): {mark} — {dcs.why}", highlight=False)
    out.rule("events")
    for e in coded.events:
        out.print(
            f"{e.source.code if e.source else '-'} → {e.cameo} {e.cameo_name} → {e.target.code if e.target else '-'}"
            f"  mode={e.mode} goldstein={e.goldstein} conf={e.confidence:.2f}",
            highlight=False,
        )
        out.print(_provenance_text(e.provenance) if e.provenance else f"  rule: {e.rule}", highlight=False)
    if not coded.events:
        out.print("no events")


def _provenance_text(p: Provenance) -> str:
    """Why an event was coded, one fact a line: the rule, its trigger, the lexicon entry."""
    lines = [f"  rule [bold]{p.rule}[/bold] on [bold]{p.trigger}[/bold] → {p.code}"]
    if p.entry:
        lines.append(f"    entry  {escape(p.entry)}  [dim]({escape(p.origin)})[/dim]")
    if p.act:
        lines.append(f"    act threatened  {escape(p.act)}")
    if p.then:
        lines.append(f"    then   {p.then} → {p.code}")
    return "\n".join(lines)


def _parse_table(parse: Any) -> Table:
    table = Table(show_header=True, header_style="dim", box=None, pad_edge=False)
    for col in ("i", "token", "lemma", "pos", "dep", "head"):
        table.add_column(col)
    for t in parse:
        table.add_row(str(t.i), t.text, t.lemma_, t.pos_, t.dep_, str(t.head.i))
    return table


def _as_json(coded: Any) -> dict[str, Any]:
    return {
        "document": coded.doc.to_dict(),
        "sentences": [
            {
                "index": s.index,
                "text": s.text,
                "parsed": s.parsed,
                "tokens": [
                    {"i": t.i, "text": t.text, "lemma": t.lemma_, "pos": t.pos_, "dep": t.dep_, "head": t.head.i}
                    for t in s.parse
                ]
                if s.parse is not None
                else [],
                "actors": [
                    {
                        "text": m.text,
                        "code": m.code,
                        "place": m.is_place,
                        "reason": m.reason,
                        "members": [x.code for x in m.members],
                    }
                    for m in s.mentions
                ],
                "decisions": [
                    {"trigger": d.trigger, "lemma": d.lemma, "coded": d.coded, "why": d.why,
                     "provenance": asdict(d.provenance) if d.provenance else None}
                    for d in s.decisions
                ],
            }
            for s in coded.trace
        ],
        "events": [
            {**e.to_json(), "provenance": asdict(e.provenance) if e.provenance else None} for e in coded.events
        ],
    }
