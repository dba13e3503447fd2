package dev.payhook.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU used by each process of the local stack (the pid files of deploy/local/run.sh) and by this
 * program, between two snapshots: on one machine shared by everything, where the cores went is
 * the first question of any benchmark. Linux only (/proc); elsewhere it reports nothing.
 *
 * <p>Each service's JIT compiler threads are counted apart too ({@code "<service> jit"}): in a run of a
 * few hundred thousand records a third of a service's CPU can be the JIT compiling its hot path, which
 * no change to that path's code moves, and which a longer run spreads thinner (BENCHMARKS.md, "Issue 34,
 * session 18"). A compiler thread that ended between the snapshots is not counted (HotSpot stops idle
 * ones on machines of more cores; on two it keeps its one C1 and one C2 thread), so the JIT's figure is a
 * lower bound there.
 */
final class StackCpu {

    /** Clock ticks per second of /proc/[pid]/stat: USER_HZ, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** What a service's figure for its JIT compiler threads is named: {@code processor jit}. */
    static final String JIT = " jit";

    private final Path pids;
    private final Map<String, Long> ticks;
    private final long startedAt = System.nanoTime();

    private StackCpu(Path pids) {
        this.pids = pids;
        this.ticks = read(pids);
    }

    static StackCpu snapshot(Path root) {
        return new StackCpu(root.resolve(".payhook-local/pids"));
    }

    /** Prints core-seconds per process since the snapshot, against what the machine had, and returns them. */
    Map<String, Double> print(String title) {
        Map<String, Long> now = read(pids);
        double wall = (System.nanoTime() - startedAt) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder line = new StringBuilder(
                String.format("CPU %s (%.1f s × %d cores = %.1f core-s):", title, wall, cores, wall * cores));
        Map<String, Double> used = new TreeMap<>();
        now.forEach((name, after) -> {
            Long before = ticks.get(name);
            // A process restarted since the snapshot has its whole life counted.
            used.put(name, (before == null || before > after ? after : after - before) / TICKS_PER_SECOND);
        });
        used.forEach((name, coreSeconds) -> {
            if (!name.endsWith(JIT)) {
                Double jit = used.get(name + JIT);
                line.append(String.format(" %s %.1f", name, coreSeconds))
                        .append(jit == null ? "," : String.format(" (JIT %.1f),", jit));
            }
        });
        System.out.println(line.substring(0, line.length() - 1) + " core-s");
        return used;
    }

    private static Map<String, Long> read(Path pids) {
        Map<String, Long> ticks = new TreeMap<>();
        ticks.put("this program", ticksOf(ProcessHandle.current().pid()));
        try (var files = Files.list(pids)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid")).forEach(f -> {
                try {
                    String name = f.getFileName().toString().replace(".pid", "");
                    long pid = Long.parseLong(Files.readString(f).trim());
                    ticks.put(name, ticksOf(pid));
                    ticks.put(name + JIT, compilerTicksOf(pid));
                } catch (IOException | NumberFormatException e) {
                    // a service stopping meanwhile: not counted
                }
            });
        } catch (IOException e) {
            // no local stack here: only this program is counted
        }
        ticks.values().removeIf(t -> t < 0);
        return ticks;
    }

    /** utime + stime of a process, in ticks; -1 when it is gone. */
    private static long ticksOf(long pid) {
        return ticksIn(Path.of("/proc/" + pid + "/stat"));
    }

    /** utime + stime of a JVM's JIT compiler threads (HotSpot names them "C1 CompilerThread0"…), in ticks. */
    private static long compilerTicksOf(long pid) {
        long ticks = 0;
        try (var threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path thread : threads.toList()) {
                String name = Files.readString(thread.resolve("comm")).trim();
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += Math.max(0, ticksIn(thread.resolve("stat")));
                }
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return -1; // gone meanwhile
        }
    }

    private static long ticksIn(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
