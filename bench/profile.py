# profile.py — gdb script (bench/profile.sh runs it): steps one instruction at a time from
# bench_profile_start to bench_profile_stop and prints how many instructions each function ran.
import collections
import gdb

gdb.execute("set confirm off")
gdb.execute("set pagination off")
start = int(gdb.parse_and_eval("(long)&bench_profile_start"))
stop = int(gdb.parse_and_eval("(long)&bench_profile_stop"))
gdb.execute("hbreak *%d" % start)
gdb.execute("continue")
gdb.execute("delete")

ECALL, SRET = 0x00000073, 0x10200073
trap_vector = int(gdb.parse_and_eval("(long)&trap_vector")) & 0xFFFFFFFFFFFFFFFF
inferior = gdb.selected_inferior()


def run_to(address):
    # gdb steps over ecall and sret as if they were calls: stop on the other side instead.
    gdb.execute("tbreak *%d" % address, to_string=True)
    gdb.execute("continue", to_string=True)


pcs = []
limit = 2_000_000
pc = start
while len(pcs) < limit:
    word = int.from_bytes(inferior.read_memory(pc, 4).tobytes(), "little")
    if word == ECALL:
        run_to(trap_vector)
    elif word == SRET:
        run_to(int(gdb.parse_and_eval("$sepc")) & 0xFFFFFFFFFFFFFFFF)
    else:
        gdb.execute("stepi", to_string=True)
    pc = int(gdb.parse_and_eval("$pc")) & 0xFFFFFFFFFFFFFFFF
    if pc == stop:
        break
    pcs.append(pc)

names = {}
for pc in set(pcs):
    out = gdb.execute("info symbol %d" % pc, to_string=True).strip()
    names[pc] = out.split(" in section")[0].split(" + ")[0] if "No symbol" not in out else hex(pc)

per_function = collections.Counter(names[pc] for pc in pcs)
print("profile: %d instructions from bench_profile_start to bench_profile_stop" % len(pcs))
for name, count in per_function.most_common():
    print("profile: %7d  %s" % (count, name))
with open(gdb.parse_and_eval("$trace_file").string(), "w") as f:
    for pc in pcs:
        f.write("%x %s\n" % (pc, names[pc]))
gdb.execute("kill")
