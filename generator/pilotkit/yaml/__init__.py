"""The one place that reads and writes YAML.

ruamel.yaml (round trip) for files a person edits, so comments, key order and quoting
survive pilotkit's edits; libyaml through PyYAML (which copier already brings) for fast
read-only passes over many small documents, such as 2,000 task files in `pilotkit check`.
Both report problems with the file and line. `read` reads, `edit` changes files in
place, `config` reads copier.yml and single answers.
"""

from pilotkit.yaml.config import dump_value, load_copier_config, parse_value
from pilotkit.yaml.edit import (
    DELETE,
    Append,
    Delete,
    Remove,
    append_to_list,
    edit_front_matter,
    edit_text,
    scalar,
    set_value,
)
from pilotkit.yaml.read import (
    Document,
    Located,
    YamlError,
    load_mapping,
    parse_text,
    read_located,
    read_text,
    round_trip,
    to_plain,
)

__all__ = [
    "DELETE",
    "Append",
    "Delete",
    "Document",
    "Located",
    "Remove",
    "YamlError",
    "append_to_list",
    "dump_value",
    "edit_front_matter",
    "edit_text",
    "load_copier_config",
    "load_mapping",
    "parse_text",
    "parse_value",
    "read_located",
    "read_text",
    "round_trip",
    "scalar",
    "set_value",
    "to_plain",
]
