"""The plan hierarchy of a province: which plan implements which, from citations, level schemas and manifests.

    h = scan("data/binh-dinh/2024")          # folder or manifest (.yaml/.csv) → Hierarchy
    h.graph                                   # networkx DiGraph, edges parent → child, nodes carry `path`
    h.problems                                # orphans, absent parents, cycles, duplicates, missing agencies
"""

from cascade.hierarchy.graph import Hierarchy, build_hierarchy
from cascade.hierarchy.manifest import Manifest, ManifestEntry, load_manifest
from cascade.hierarchy.meta import PlanMeta, meta_from_plan, read_meta
from cascade.hierarchy.problems import Problem
from cascade.hierarchy.scan import discover, plan_paths, read_metas, scan
from cascade.hierarchy.schemas import LevelSchema, schema_for
from cascade.hierarchy.trace import TraceStep, format_trace, trace

__all__ = ["Hierarchy", "LevelSchema", "Manifest", "ManifestEntry", "PlanMeta", "Problem", "build_hierarchy",
           "discover", "load_manifest", "meta_from_plan", "plan_paths", "read_meta", "read_metas", "scan",
           "schema_for", "TraceStep", "format_trace", "trace"]
