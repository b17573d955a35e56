"""Writes notebooks/explore.ipynb (run: python notebooks/build_notebook.py); outputs are not kept."""

from pathlib import Path

import nbformat as nbf

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
cells = [
    md("# Exploring the sfkg graph\n\n"
       "sfkg keeps every claim that a press release makes, with its source and publication date, "
       "so that we can ask what the record said *on any date*. This notebook builds the graph of "
       "the five seed press releases in memory and tours it: the documents and entities, how "
       "launch dates slipped, the answers as reported on several dates, the conflicts, a SPARQL "
       "query of our own and a Turtle export."),
    code("%matplotlib inline\nfrom datetime import date\nfrom pathlib import Path\n\nimport pandas as pd\n\nimport sfkg\n\n"
         "ROOT = Path.cwd() if (Path.cwd() / \"seeds\").exists() else Path.cwd().parent\n"
         "kg = sfkg.open(\"memory:\")\nreport = kg.ingest([ROOT / \"seeds\"])\nreport.as_dict()"),
    md("## Documents and entities\n\nEach document is a press release with its publication date "
       "(*reported time*) and how that date was found: `stated` by a dateline, `inferred` from the "
       "body, or `given` by a sidecar file."),
    code("kg.documents()"),
    md("Entities come from the reference list of agencies, missions and instruments, or from the "
       "language model and sfkg's patterns; every spelling seen is kept as a label."),
    code("entities = kg.entities()\nentities.assign(documents=entities.documents.str.len())[[\"type\", \"label\", \"documents\"]]"),
    md("## How SVOM's launch date slipped\n\nThe slip chart puts the report date across and the "
       "claimed date up. A year is a bar over the year; planned claims are hollow, the actual "
       "launch is filled; the dashed diagonal is where the claimed date equals the report date."),
    code("svom = kg.history(\"SVOM\", \"launch\")\nsvom[[\"published\", \"document\", \"time\", \"status\"]]"),
    code("svom.plot()"),
    md("The same chart for Chang'e 6, and both missions on one chart for comparison:"),
    code("change6 = kg.history(\"Chang'e 6\", \"launch\")\nchange6.plot()"),
    code("svom.plot(others=[change6])"),
    md("A timeline of every dated claim about one subject:"),
    code("kg.timeline(\"Chang'e 6\").plot()"),
    md("## The same question, as reported on several dates\n\nFor a single-valued property the "
       "latest report wins; when it contains an earlier, more precise value, the precise value is "
       "kept and every supporting source is cited."),
    code("dates = [date(2019, 1, 1), date(2019, 6, 30), date(2020, 12, 31), date(2021, 6, 1), date(2024, 7, 13)]\n"
         "answers = [kg.asof(\"SVOM\", \"launch\", d) for d in dates]\n"
         "pd.DataFrame([{\"reported on\": a.on, \"launch\": a.value, \"status\": a.status,\n"
         "               \"sources\": \", \".join(s[:3] for s in a.sources)} for a in answers])"),
    md("## Conflicts\n\nWhere claims on one date cannot all be true, with how often and how far "
       "the planned date moved:"),
    code("conflicts = kg.conflicts(on=date(2024, 7, 13))\n"
         "conflicts.assign(subject=conflicts.subject.map(lambda s: s[\"label\"]))[[\"subject\", \"property\", \"times\", \"moves\", \"slip_days\"]]"),
    md("## A SPARQL query of our own\n\nEvery document is a named graph. Here: which people hold "
       "posts at which organisations, across all documents."),
    code("names, rows = kg.sparql(\"\"\"\n"
         "PREFIX sfkg: <https://w3id.org/sfkg/ontology#>\n"
         "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
         "SELECT DISTINCT ?person ?post ?org WHERE {\n"
         "  GRAPH ?g { ?c sfkg:property sfkg:post ; sfkg:subject ?p ; sfkg:postTitle ?post ; sfkg:organization ?o .\n"
         "             ?p skos:altLabel ?person . ?o skos:altLabel ?org . }\n"
         "} ORDER BY ?person ?org\"\"\")\n"
         "pd.DataFrame(rows, columns=names).drop_duplicates([\"person\", \"post\"])"),
    md("## Export\n\nThe view as reported on 1 January 2021, as Turtle for other tools:"),
    code("print(kg.export(\"turtle\", as_of=date(2021, 1, 1))[:1500])"),
    md("The answers above as JSON, for comparison with the command line "
       "(`sfkg asof SVOM launch --on DATE --format json`):"),
    code("import json\nprint(json.dumps([a.as_dict() for a in answers], sort_keys=True))"),
]
nb = nbf.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                "language": "python"}})
nbf.write(nb, Path(__file__).with_name("explore.ipynb"))
