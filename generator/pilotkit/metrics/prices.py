"""The price table: USD per million tokens, per model and token class, with its date.

pilotkit ships one (`prices.yaml` beside this module); a pilot may override or add
models in its own `metrics/prices.yaml` of the same shape. A model in neither is priced
as unknown: its tokens are counted, its cost is not, and the report flags it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilotkit.errors import PilotkitError
from pilotkit.metrics.usage.records import CLASSES, UsageRecord
from pilotkit.numbers import is_number
from pilotkit.pilot import textfiles
from pilotkit.yaml import YamlError, read_located, read_text

PACKAGED = Path(__file__).with_name("prices.yaml")
PILOT_PRICES = Path("metrics") / "prices.yaml"
_DATED = re.compile(r"(-\d{8}|-\d{4}-\d{2}-\d{2}|@\d{8}|-v\d+(:\d+)?|\[[^\]]*\])$")
_PREFIX = re.compile(r"^([a-z]{2,4}\.)?(anthropic[./]|openai/)")


@dataclass(frozen=True)
class PriceTable:
    """Rates by model (USD per million tokens for each class), and where they came from."""

    version: str
    source: str
    rates: Mapping[str, Mapping[str, float]]
    overrides: tuple[str, ...] = ()
    override_version: str | None = None
    _matched: dict[str, Mapping[str, float] | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    def rate(self, model: str) -> Mapping[str, float] | None:
        """MODEL's rates, matching a dated or cloud-prefixed name to its base name."""
        if model not in self._matched:
            self._matched[model] = self._match(model)
        return self._matched[model]

    def _match(self, model: str) -> Mapping[str, float] | None:
        found = self.rates.get(model)
        if found is not None:
            return found
        name = _PREFIX.sub("", model.strip().lower())
        while True:
            if name in self.rates:
                return self.rates[name]
            shorter = _DATED.sub("", name)
            if shorter == name:
                return None
            name = shorter

    def cost(self, record: UsageRecord) -> float | None:
        """The cost of RECORD in USD, or None when its model has no price."""
        rates = self.rate(record.model)
        if rates is None:
            return None
        return float(sum(getattr(record, name) * rates[name] for name in CLASSES)) / 1_000_000

    def label(self) -> str:
        """The table's version, with the pilot's override when there is one."""
        if not self.overrides:
            return f"pilotkit price table {self.version}"
        version = f" {self.override_version}" if self.override_version else ""
        return (
            f"pilotkit price table {self.version}, with {PILOT_PRICES}{version} for "
            + ", ".join(self.overrides)
        )


@dataclass
class Priced:
    """Cost totals of a set of records, and the tokens that could not be priced."""

    cost: float = 0.0
    unknown: dict[str, int] = field(default_factory=dict)  # model → tokens without a price

    def add(self, table: PriceTable, record: UsageRecord) -> None:
        value = table.cost(record)
        if value is None:
            self.unknown[record.model] = self.unknown.get(record.model, 0) + record.total()
        else:
            self.cost += value


def price(table: PriceTable, records: Iterable[UsageRecord]) -> Priced:
    priced = Priced()
    for record in records:
        priced.add(table, record)
    return priced


def load(pilot_root: Path | None = None, packaged: Path = PACKAGED) -> PriceTable:
    """The packaged table, with the pilot's `metrics/prices.yaml` laid over it if present."""
    base = _read(packaged, str(packaged))
    table = PriceTable(
        version=str(base.get("version", "")),
        source=str(base.get("source", "")),
        rates=_models(base, str(packaged)),
    )
    override = pilot_root / PILOT_PRICES if pilot_root else None
    if override is None or not textfiles.present(override):
        return table
    data = _read(override, str(PILOT_PRICES))
    extra = _models(data, str(PILOT_PRICES))
    version = data.get("version")
    return PriceTable(
        version=table.version,
        source=table.source,
        rates={**table.rates, **extra},
        overrides=tuple(extra),
        override_version=str(version) if version else None,
    )


def _read(path: Path, shown: str) -> dict[str, Any]:
    try:
        located = read_located(read_text(path), shown)
    except YamlError as err:
        raise PilotkitError(str(err)) from None
    if not isinstance(located.data, dict):
        raise PilotkitError(f"{shown}: expected a mapping with `models:`; see pilotkit's own table")
    data: dict[str, Any] = located.data
    data["__lines__"] = located.key_lines
    return data


def _models(data: Mapping[str, Any], shown: str) -> dict[str, dict[str, float]]:
    models = data.get("models")
    line = data["__lines__"].get("models", 1)
    if not isinstance(models, dict):
        raise PilotkitError(f"{shown}:{line}: `models` must map model names to rates")
    rates: dict[str, dict[str, float]] = {}
    for model, spec in models.items():
        rates[str(model).lower()] = _rates(spec, f"{shown}:{line}: model {model}")
    return rates


def _rates(spec: Any, where: str) -> dict[str, float]:
    if not isinstance(spec, dict):
        raise PilotkitError(f"{where}: give `{{{', '.join(f'{c}: N' for c in CLASSES)}}}`")
    rates = {}
    for name in CLASSES:
        value = spec.get(name)
        if not is_number(value, least=0):
            raise PilotkitError(
                f"{where}: `{name}` must be a price in USD per million tokens (0 or more)"
            )
        rates[name] = float(value)
    unknown = set(spec) - set(CLASSES)
    if unknown:
        raise PilotkitError(
            f"{where}: unknown token class {', '.join(sorted(map(str, unknown)))}; "
            f"the classes are {', '.join(CLASSES)}"
        )
    return rates
