import pytest
from rdflib import Literal, URIRef

from sfkg.errors import SfkgError
from sfkg.query import bind
from sfkg.store import open_store

Q = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }"


def test_store_disk_persists_and_a_second_writer_is_refused(tmp_path):
    s = open_store(str(tmp_path / "kg"))
    s.add_quads('<http://example.org/a> <http://example.org/p> "1" <http://example.org/g> .\n')
    with pytest.raises(SfkgError, match="in use"):
        open_store(str(tmp_path / "kg"))
    s.close()
    again = open_store(str(tmp_path / "kg"))
    assert len(again) == 1
    again.close()


def test_store_add_quads_is_all_or_nothing():
    s = open_store("memory:")
    good = '<http://example.org/a> <http://example.org/p> "1" <http://example.org/g> .\n'
    with pytest.raises(SyntaxError):
        s.add_quads(good + "<http://example.org/b> not a quad .\n")
    assert len(s) == 0


def test_store_remote_endpoints_are_a_clear_error():
    with pytest.raises(SfkgError, match="not supported"):
        open_store("http://localhost:7878/query")


def test_query_bound_values_equal_a_literal_values_clause():
    s = open_store("memory:")
    s.add_quads('<http://example.org/a> <http://example.org/p> "x \\" y" .\n'
                '<http://example.org/b> <http://example.org/p> "2" .\n')
    bound = s.select(bind(Q, {"o": Literal('x " y')}))
    literal = s.select(Q.replace("WHERE {", 'WHERE { VALUES ?o { "x \\" y" }'))
    assert bound == literal == [{"s": "http://example.org/a", "o": 'x " y'}]
    assert s.select(bind(Q, {"s": URIRef("http://example.org/b"), "o": None})) == [
        {"s": "http://example.org/b", "o": "2"}]
