#!/usr/bin/env python3
"""Why a NativeAOT binary holds a node: the shortest chains of the compiler's dependency graph from
nodes whose names contain FROM (default `Stockade`) to the node named TARGET, each step with the
compiler's reason.

    dotnet publish src/Stockade.Cli -c Release -r linux-x64 -p:PublishAot=true -p:IlcGenerateDgmlFile=true
    bench/aot-size/why.py src/Stockade.Cli/obj/Release/net10.0/linux-x64/native/stockade.scan.dgml.xml \\
        KubernetesClient_Aot_k8s_SourceGenerationContext__get_Default

The graph is about 1 GB; reading it takes ~20 s and a few GB of memory.
"""
import collections
import re
import sys

NODE = re.compile(r'\s*<Node Id="(\d+)" Label="([^"]*)"')
LINK = re.compile(r'\s*<Link Source="(\d+)" Target="(\d+)" Reason="([^"]*)"')


def main(path: str, target: str, source: str = "Stockade", chains: int = 3) -> None:
    labels, preds = {}, collections.defaultdict(list)
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            if m := NODE.match(line):
                labels[int(m.group(1))] = m.group(2)
            elif m := LINK.match(line):
                preds[int(m.group(2))].append((int(m.group(1)), m.group(3)))
    starts = [i for i, label in labels.items() if label == target]
    if not starts:
        sys.exit(f"no node is labelled {target}")
    # Breadth-first backwards from the target: the first FROM nodes reached have the shortest chains.
    step = {starts[0]: None}
    queue = collections.deque(starts[:1])
    found = []
    while queue and len(found) < chains:
        node = queue.popleft()
        if source in labels.get(node, "") and node != starts[0]:
            found.append(node)
            continue
        for pred, reason in preds.get(node, []):
            if pred not in step:
                step[pred] = (node, reason)
                queue.append(pred)
    for node in found:
        print("----")
        while node is not None:
            nxt = step[node]
            print(f"{labels.get(node, '?')[:160]}  | {nxt[1] if nxt else ''}")
            node = nxt[0] if nxt else None


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], *(sys.argv[3:4]))
