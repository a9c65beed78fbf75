"""Checking what a questionnaire (instrument) file means, once its form is right.

The JSON Schema cannot say whether the parts of a file agree with each other: that scoring
names real questions (and no open ones), that score bands cover every possible score once and
in order, that a cut point is a possible score, that a flag watches something that exists,
that every translation is in a listed language. ``questionnaires.checks`` runs these after the
schema has passed, so every field read here is known to have its expected shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from survivorapp.domain.problems import Problem, field_at
from survivorapp.domain.questionnaires.model import TOTAL


def meaning_problems(data: dict[str, Any]) -> list[Problem]:
    """Every disagreement between the parts of a file whose form is right."""
    return _Meaning(data).check()


def _is_integer(value: object) -> bool:
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


class _Meaning:
    """Checks that need the whole file: run only once the form is right."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self.items: dict[str, dict[str, Any]] = {}

    def add(self, path: Sequence[object], message: str) -> None:
        self.problems.append(Problem(field_at(path), message))

    def check(self) -> list[Problem]:
        self._items()
        scoring = self.data.get("scoring")
        if scoring is None and self.data["kind"] == "outcome_measure":
            self.add(["scoring"], "an outcome measure needs scoring rules")
        rules: dict[str, dict[str, Any]] = {}
        if scoring is not None:
            rules = self._scoring(scoring)
        self._flags(rules)
        self._languages()
        return self.problems

    # items, scales, sections

    def _items(self) -> None:
        data = self.data
        sections: set[str] = set()
        for index, section in enumerate(data.get("sections", [])):
            if section["id"] in sections:
                self.add(["sections", index, "id"], f"'{section['id']}' is used twice")
            sections.add(section["id"])
        for name, options in data.get("scales", {}).items():
            self._options(options, ["scales", name])
        for index, item in enumerate(data["items"]):
            path: list[object] = ["items", index]
            item_id = item["id"]
            if item_id in self.items:
                self.add([*path, "id"], f"'{item_id}' is used by another question too")
            else:
                self.items[item_id] = item
            if "section" in item and item["section"] not in sections:
                self.add([*path, "section"], f"there is no section '{item['section']}'")
            if item.get("type", "choice") == "text":
                for key in ("options", "scale", "reverse_scored"):
                    if key in item:
                        self.add([*path, key], "an open (text) question has no answers to pick")
                continue
            if "max_length" in item:
                self.add([*path, "max_length"], "only an open (text) question has a length")
            has_options, has_scale = "options" in item, "scale" in item
            if has_options and has_scale:
                self.add(path, "give either options or a scale, not both")
            elif not (has_options or has_scale):
                self.add([*path, "options"], "needs at least two options (or a scale)")
            elif has_scale and item["scale"] not in data.get("scales", {}):
                self.add([*path, "scale"], f"there is no scale '{item['scale']}'")
            if has_options:
                self._options(item["options"], [*path, "options"])

    def _options(self, options: list[dict[str, Any]], path: list[object]) -> None:
        seen: set[float] = set()
        for index, option in enumerate(options):
            if option["value"] in seen:
                self.add([*path, index, "value"], f"{option['value']} is used by another option")
            seen.add(option["value"])

    def options_of(self, item: dict[str, Any]) -> list[dict[str, Any]]:
        if "options" in item:
            options: list[dict[str, Any]] = item["options"]
            return options
        scale: list[dict[str, Any]] = self.data.get("scales", {}).get(item.get("scale"), [])
        return scale

    # scoring

    def _scoring(self, scoring: dict[str, Any]) -> dict[str, dict[str, Any]]:
        rules = {TOTAL: scoring["total"]}
        if scoring["total"].get("id", TOTAL) != TOTAL:
            self.add(["scoring", "total", "id"], "the total's id can only be 'total'")
        self._rule(scoring["total"], ["scoring", "total"])
        for index, rule in enumerate(scoring.get("subscales", [])):
            path: list[object] = ["scoring", "subscales", index]
            if rule["id"] in rules:
                self.add([*path, "id"], f"'{rule['id']}' is used twice (or is 'total')")
            rules[rule["id"]] = rule
            self._rule(rule, path)
        return rules

    def _rule(self, rule: dict[str, Any], path: list[object]) -> None:
        scored: list[dict[str, Any]] = []
        named: set[str] = set()
        for index, item_id in enumerate(rule["items"]):
            item = self.items.get(item_id)
            if item is None:
                self.add([*path, "items", index], f"there is no question '{item_id}'")
            elif item.get("type", "choice") == "text":
                self.add([*path, "items", index], f"'{item_id}' is an open question: no score")
            elif item_id in named:
                self.add([*path, "items", index], f"'{item_id}' is listed twice")
            else:
                scored.append(item)
            named.add(item_id)
        if rule["missing"]["max_missing"] >= len(rule["items"]):
            self.add(
                [*path, "missing", "max_missing"],
                "must be less than the number of questions scored",
            )
        if len(scored) != len(rule["items"]) or any(not self.options_of(i) for i in scored):
            return  # the range is unknown until the items are right
        low = [min(o["value"] for o in self.options_of(i)) for i in scored]
        high = [max(o["value"] for o in self.options_of(i)) for i in scored]
        whole = rule["method"] == "sum" and all(
            _is_integer(o["value"]) for i in scored for o in self.options_of(i)
        )
        if rule["method"] == "sum":
            lowest, highest = sum(low), sum(high)
        else:
            lowest, highest = min(low), max(high)
        if "bands" in rule:
            self._bands(rule["bands"], [*path, "bands"], lowest, highest, whole)
        cut = rule.get("cut_point")
        if cut is not None and not lowest <= cut["value"] <= highest:
            self.add(
                [*path, "cut_point", "value"],
                f"is outside the possible scores ({lowest} to {highest})",
            )

    def _bands(
        self,
        bands: list[dict[str, Any]],
        path: list[object],
        lowest: float,
        highest: float,
        whole: bool,
    ) -> None:
        """Bands must cover every possible score exactly once, in order."""
        codes: set[str] = set()
        for index, band in enumerate(bands):
            here = [*path, index]
            if band["code"] in codes:
                self.add([*here, "code"], f"'{band['code']}' is used twice")
            codes.add(band["code"])
            if band["min"] > band["max"]:
                self.add(here, "its min is above its max")
            if whole and not (_is_integer(band["min"]) and _is_integer(band["max"])):
                self.add(here, "scores are whole numbers, so min and max should be too")
            if index == 0:
                continue
            before = bands[index - 1]["max"]
            start = band["min"]
            expected = before + 1 if whole else before
            if start > expected:
                gap = f"{before + 1}" if whole else f"between {before} and {start}"
                self.add(
                    [*here, "min"],
                    f"starts at {start} but the band before ends at {before}, "
                    f"so a score of {gap} has no band",
                )
            elif start < expected:
                self.add(
                    [*here, "min"],
                    f"starts at {start} but the band before already covers up to {before} "
                    "(bands overlap)",
                )
        if bands[0]["min"] != lowest:
            self.add(
                [*path, 0, "min"],
                f"the lowest possible score is {lowest}, so the first band should start there",
            )
        if bands[-1]["max"] != highest:
            self.add(
                [*path, len(bands) - 1, "max"],
                f"the highest possible score is {highest}, so the last band should end there",
            )

    # flags and translations

    def _flags(self, rules: Mapping[str, dict[str, Any]]) -> None:
        seen: set[str] = set()
        for index, flag in enumerate(self.data.get("flags", [])):
            path: list[object] = ["flags", index]
            if flag["id"] in seen:
                self.add([*path, "id"], f"'{flag['id']}' is used twice")
            seen.add(flag["id"])
            has_item, has_score = "item" in flag, "score" in flag
            if has_item == has_score:
                self.add(path, "needs either an item or a score to watch (one of them)")
            elif has_item:
                item = self.items.get(flag["item"])
                if item is None:
                    self.add([*path, "item"], f"there is no question '{flag['item']}'")
                elif item.get("type", "choice") == "text":
                    self.add([*path, "item"], "an open question can't raise a flag")
            elif flag["score"] not in rules:
                self.add([*path, "score"], f"there is no score '{flag['score']}'")

    def _languages(self) -> None:
        listed = set(self.data["languages"])
        for path, text in _texts(self.data):
            if isinstance(text, dict):
                for language in text:
                    if language not in listed:
                        self.add(
                            [*path, language], f"'{language}' isn't in the file's languages list"
                        )


def _texts(data: dict[str, Any]) -> Iterator[tuple[list[object], object]]:
    """Every text field of a file whose form is right, with its path."""
    for key in ("title", "short_title", "introduction", "content_note"):
        if key in data:
            yield [key], data[key]
    for index, section in enumerate(data.get("sections", [])):
        for key in ("title", "introduction", "content_note"):
            if key in section:
                yield ["sections", index, key], section[key]
    for name, options in data.get("scales", {}).items():
        for index, option in enumerate(options):
            yield ["scales", name, index, "label"], option["label"]
    for index, item in enumerate(data["items"]):
        yield from _item_texts(["items", index], item)
    yield from _scoring_texts(data.get("scoring") or {})
    for index, flag in enumerate(data.get("flags", [])):
        yield ["flags", index, "message"], flag["message"]
    yield ["licence", "attribution"], data["licence"]["attribution"]


def _item_texts(path: list[object], item: dict[str, Any]) -> Iterator[tuple[list[object], object]]:
    for key in ("text", "why_we_ask"):
        if key in item:
            yield [*path, key], item[key]
    for number, option in enumerate(item.get("options", [])):
        yield [*path, "options", number, "label"], option["label"]


def _scoring_texts(scoring: dict[str, Any]) -> Iterator[tuple[list[object], object]]:
    rules: list[tuple[list[object], dict[str, Any]]] = []
    if scoring:
        rules.append((["scoring", "total"], scoring["total"]))
    rules += [(["scoring", "subscales", i], r) for i, r in enumerate(scoring.get("subscales", []))]
    for path, rule in rules:
        if "title" in rule:
            yield [*path, "title"], rule["title"]
        for index, band in enumerate(rule.get("bands", [])):
            for key in ("label", "description"):
                if key in band:
                    yield [*path, "bands", index, key], band[key]
        if "cut_point" in rule:
            yield [*path, "cut_point", "note"], rule["cut_point"]["note"]
