"""Scenario packs: the hurts to practise with, read from TOML, checked, imported and exported."""

from __future__ import annotations

from desktop.content.loader import (
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    check_pack_file,
    library_from,
    load_builtin,
    load_pack_file,
    parse_pack_text,
)
from desktop.content.model import (
    AnswerOption,
    Category,
    Intensity,
    Label,
    Library,
    PackInfo,
    PackLoad,
    Problem,
    Prompt,
    Scenario,
    Source,
)
from desktop.content.packfiles import (
    ImportResult,
    export_pack,
    import_packs,
    pack_to_toml,
    scenario_to_toml,
)
from desktop.content.solo import (
    CategoryAverage,
    NoScenarios,
    PracticeHistory,
    Practised,
    as_hurt,
    category_weight,
    choose_next,
    hurt_source,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_FILE_BYTES",
    "AnswerOption",
    "Category",
    "CategoryAverage",
    "ImportResult",
    "Intensity",
    "Label",
    "Library",
    "NoScenarios",
    "PackInfo",
    "PackLoad",
    "PracticeHistory",
    "Practised",
    "Problem",
    "Prompt",
    "Scenario",
    "Source",
    "as_hurt",
    "category_weight",
    "check_pack_file",
    "choose_next",
    "export_pack",
    "hurt_source",
    "import_packs",
    "library_from",
    "load_builtin",
    "load_pack_file",
    "pack_to_toml",
    "parse_pack_text",
    "scenario_to_toml",
]
