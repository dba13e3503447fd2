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
 */
final class StackCpu {

    /** Clock ticks per second of /proc/[pid]/stat: USER_HZ, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

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
            line.append(String.format(" %s %.1f,", name, used.get(name)));
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
                    ticks.put(name, ticksOf(Long.parseLong(Files.readString(f).trim())));
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
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
