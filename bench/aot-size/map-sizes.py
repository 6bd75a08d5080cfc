#!/usr/bin/env python3
"""What a NativeAOT binary's bytes are: the ILCompiler map's node sizes, by node kind and, for the
type structures and the method code, by the assembly and namespace their names start with.

    dotnet publish src/Stockade.Cli -c Release -r linux-x64 -p:PublishAot=true -p:IlcGenerateMapFile=true
    bench/aot-size/map-sizes.py src/Stockade.Cli/obj/Release/net10.0/linux-x64/native/stockade.map.xml
"""
import collections
import re
import sys

NODE = re.compile(r'<(\w+) Name="([^"]*)" Length="(\d+)"')
DETAILED = ("ConstructedEEType", "MethodCode")


def owner(name: str) -> str:
    """The first two words of a mangled name (`System_Text`, `KubernetesClient_Aot`, `S_P` = CoreLib)."""
    name = re.sub(r"^_ZTV\d+", "", name)  # a type structure's vtable-style prefix
    return "_".join(name.split("_")[:2])


def main(path: str, top: int = 20) -> None:
    by_kind = collections.Counter()
    by_owner = {k: collections.Counter() for k in DETAILED}
    counts = {k: collections.Counter() for k in DETAILED}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = NODE.search(line)
            if not m:
                continue
            kind, name, length = m.group(1), m.group(2), int(m.group(3))
            by_kind[kind] += length
            if kind in by_owner:
                by_owner[kind][owner(name)] += length
                counts[kind][owner(name)] += 1
    print("bytes by node kind")
    for kind, length in by_kind.most_common(top):
        print(f"  {length:>12,}  {kind}")
    for kind in DETAILED:
        print(f"{kind}: bytes and nodes by name prefix")
        for prefix, length in by_owner[kind].most_common(top):
            print(f"  {length:>12,}  {counts[kind][prefix]:>7,}  {prefix}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
