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


def test_store_unreachable_endpoint_is_a_clear_error():
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(SfkgError, match="cannot reach the SPARQL endpoint"):
        open_store(f"http://127.0.0.1:{port}/query")


def test_query_bound_values_equal_a_literal_values_clause():
    s = open_store("memory:")
    s.add_quads('<http://example.org/a> <http://example.org/p> "x \\" y" .\n'
                '<http://example.org/b> <http://example.org/p> "2" .\n')
    bound = s.select(bind(Q, {"o": Literal('x " y')}))
    literal = s.select(Q.replace("WHERE {", 'WHERE { VALUES ?o { "x \\" y" }'))
    assert bound == literal == [{"s": "http://example.org/a", "o": 'x " y'}]
    assert s.select(bind(Q, {"s": URIRef("http://example.org/b"), "o": None})) == [
        {"s": "http://example.org/b", "o": "2"}]
