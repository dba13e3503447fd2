package dev.payhook.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The operators' replay command (deploy/RUNBOOK.md):
 * <pre>
 *   replay processor|reconciler --from earliest|2026-11-20T09:30:00Z [--execute]
 *          [--bootstrap-servers localhost:9092] [--group payhook-processor] [--command-config client.properties]
 * </pre>
 * {@code --command-config} names a Kafka client properties file (TLS, SASL), as Kafka's own tools do.
 * Without {@code --execute} it is a dry run. It refuses while any instance of the application is in
 * its consumer group, and only ever moves offsets backwards.
 */
public final class Replay {

    /** The exit code of a refused replay (an instance still in the group, a forward move): nothing moved. */
    public static final int REFUSED = 1;

    static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command without the process: its exit code, what it printed going to {@code out} and {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            err.println("usage: replay processor|reconciler --from earliest|<ISO-8601 instant> [--execute]"
                    + " [--bootstrap-servers host:port] [--group consumer-group] [--command-config client.properties]");
            return USAGE;
        }
        try (Admin admin = Admin.create(options.adminConfig())) {
            OffsetReplay replay = new OffsetReplay(admin);
            ReplayPlan plan = replay.plan(options.application(), options.groupId(), options.from());
            out.printf(
                    "Replay of the %s (consumer group %s) from %s%s%n%n",
                    plan.application().displayName(),
                    plan.groupId(),
                    plan.from(),
                    options.execute() ? "" : ": DRY RUN, nothing is changed");
            out.print(plan.render());
            out.println();
            out.printf("Lag now: %,d record(s) not consumed yet.%n", plan.lag());
            if (!plan.activeMembers().isEmpty()) {
                out.printf(
                        "The %s is running (%d instance(s) in its group): stop it before replaying with --execute.%n",
                        plan.application().displayName(), plan.activeMembers().size());
            }
            if (plan.rewoundPartitions() == 0) {
                out.println("Nothing to replay: no partition has been consumed past that point.");
                return 0;
            }
            if (!options.execute()) {
                out.printf(
                        "Would rewind %d partition(s); %,d record(s) would be read again when the %s starts."
                                + " Run again with --execute to do it.%n",
                        plan.rewoundPartitions(),
                        plan.replayed(),
                        plan.application().displayName());
                return 0;
            }
            replay.execute(plan);
            out.printf(
                    "Rewound %d partition(s) of consumer group %s; the %s will read %,d record(s) again when it starts."
                            + " Start it now.%n",
                    plan.rewoundPartitions(), plan.groupId(), plan.application().displayName(), plan.replayed());
            return 0;
        } catch (ApplicationStillRunningException e) {
            err.println("Refused: " + e.getMessage());
            return REFUSED;
        } catch (IllegalStateException e) {
            err.println("Failed: " + e.getMessage());
            return REFUSED;
        }
    }

    record Options(
            ReplayedApplication application,
            ReplayFrom from,
            boolean execute,
            String bootstrapServers,
            String groupId,
            Path commandConfig) {

        /** The admin client's settings: the command-config file's, then the bootstrap servers given here. */
        Map<String, Object> adminConfig() {
            Map<String, Object> config = new HashMap<>();
            if (commandConfig != null) {
                Properties file = new Properties();
                try (Reader reader = Files.newBufferedReader(commandConfig)) {
                    file.load(reader);
                } catch (IOException e) {
                    throw new IllegalStateException(
                            "cannot read --command-config " + commandConfig + ": " + e.getMessage(), e);
                }
                file.forEach((key, value) -> config.put((String) key, value));
            }
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
            return config;
        }

        static Options parse(List<String> args) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("which application: processor or reconciler?");
            }
            ReplayedApplication application = ReplayedApplication.named(args.get(0));
            ReplayFrom from = null;
            boolean execute = false;
            String bootstrap = "localhost:9092";
            String group = application.applicationId();
            Path commandConfig = null;
            for (int i = 1; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--from" -> from = ReplayFrom.parse(value(args, ++i, "--from"));
                    case "--execute" -> execute = true;
                    case "--dry-run" -> execute = false;
                    case "--bootstrap-servers" -> bootstrap = value(args, ++i, "--bootstrap-servers");
                    case "--group" -> group = value(args, ++i, "--group");
                    case "--command-config" -> commandConfig = Path.of(value(args, ++i, "--command-config"));
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            if (from == null) {
                throw new IllegalArgumentException("--from is required: earliest or an ISO-8601 instant");
            }
            return new Options(application, from, execute, bootstrap, group, commandConfig);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }
    }
}
