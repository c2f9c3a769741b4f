"""Reading YAML with positions (`load.yamlpos`) keeps nothing of a file once it is read."""

from __future__ import annotations

import gc

import yaml

from moocforge.load.yamlpos import compose


def _nodes_alive() -> int:
    gc.collect()
    # type(), not isinstance(): isinstance asks an object for its __class__, which sets up
    # a lazy object of another library (Django's admin site, imported by the platform's
    # block parsers in other tests) and fails outside its app
    return sum(issubclass(type(o), yaml.Node) for o in gc.get_objects())


def test_a_parsed_file_leaves_no_yaml_node_alive() -> None:
    """The parser's nodes (with two marks each) are dropped once the values are built: a
    long-lived constructor that remembered every node it built kept every file of every
    load in memory, and made each collection of the cyclic collector walk them again."""
    text = "".join(f"- {{id: q{n}, weight: {n}.5, graded: yes, due: 2027-01-0{n % 9 + 1}}}\n"
                   for n in range(500))
    compose(text)  # the first call may set up what every later one shares
    before = _nodes_alive()
    doc = compose(text)
    assert isinstance(doc.data, list) and doc.data[499] == {
        "id": "q499", "weight": 499.5, "graded": True, "due": "2027-01-05"}
    assert doc.positions[(499, "weight")] == (500, 22)
    assert _nodes_alive() - before == 0
