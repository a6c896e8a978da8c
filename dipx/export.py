"""The meeting network as GraphML or GEXF, through networkx (an extra: pip install 'dipx[graph]').

The only module that imports networkx. Countries are nodes; each event is an edge between
every pair of its parties, keyed by the event's id, carrying its date, kind, status and
article count. networkx writes only str/int/float/bool attributes, so absent values are left out.
"""

from __future__ import annotations

from typing import BinaryIO

from .errors import DipxError, ExitCode


class MissingExtra(DipxError):
    exit_code = ExitCode.INPUT


def build_graph(nodes: list[dict], edges: list[dict]):
    try:
        import networkx as nx
    except ImportError:
        raise MissingExtra("graph formats need networkx: pip install 'dipx[graph]'") from None
    graph = nx.MultiGraph(name="dipx meetings")
    for node in nodes:
        graph.add_node(node["id"], **_attrs({"label": node.get("name") or node["id"], "events": node.get("events")}))
    for edge in edges:
        attrs = {k: v for k, v in edge.items() if k not in ("source", "target")}
        graph.add_edge(edge["source"], edge["target"], key=str(edge["event"]), **_attrs(attrs))
    return graph


def write_graph(nodes: list[dict], edges: list[dict], fmt: str, out: BinaryIO) -> None:
    import networkx as nx

    graph = build_graph(nodes, edges)
    if fmt == "graphml":
        nx.write_graphml(graph, out)
    elif fmt == "gexf":
        nx.write_gexf(graph, out)
    else:
        raise ValueError(fmt)


def _attrs(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}
