"""Rule `domestic-agent`: police, prosecutors and courts act at home. One named with no country
("the investigations wing of the tribunal", "police") that arrests, charges or investigates
someone of a known country is of that country; an official they or a government of a known
country investigate or arrest, named with no country ("Police Minister Senzo Mchunu"), is of
theirs. Only the country is filled in: the sector stays what the words said."""

from __future__ import annotations

from dataclasses import replace

from dyad.actors.situate import REAL_COUNTRY
from dyad.events.context import SentenceContext
from dyad.models import ActorMention

UNKNOWN = "---"


def home_countries(ctx: SentenceContext) -> None:
    policy = ctx.policy
    for i, cand in ctx.dyads_coded(policy.domestic_roots, policy.domestic_codes):
        source, target = cand.source, cand.target
        assert source is not None and target is not None
        if _unplaced(source, policy.words.home_sectors) and REAL_COUNTRY.match(target.country):
            source = _at_home(source, target.country)
        elif _unplaced(target, policy.words.home_target_sectors) and REAL_COUNTRY.match(source.country) and (
            source.sector.lower() in policy.words.home_sectors or source.sector.lower() == "gov"
        ):
            target = _at_home(target, source.country)
        else:
            continue
        ctx.result.candidates[i] = replace(cand, source=source, target=target)


def _unplaced(m: ActorMention, sectors: frozenset[str]) -> bool:
    return m.country == UNKNOWN and m.code.startswith(UNKNOWN) and m.sector.lower() in sectors


def _at_home(m: ActorMention, country: str) -> ActorMention:
    reason = f"{m.reason}; of {country}: acts at home" if m.reason else f"of {country}: acts at home"
    return replace(m, country=country, code=country + m.code[len(UNKNOWN):], reason=reason)
