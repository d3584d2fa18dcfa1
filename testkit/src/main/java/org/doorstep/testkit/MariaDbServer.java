package org.doorstep.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB server (Debian's mariadb-server binaries) on a free port with its own data directory, the same
 * way deploy/local/up.sh starts one. MariaDB speaks the MySQL protocol that production's MySQL 8 speaks.
 */
public final class MariaDbServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> serverOptions;
    private Process process;

    private MariaDbServer(Path dir, int port, List<String> serverOptions) {
        this.dir = dir;
        this.port = port;
        this.serverOptions = List.copyOf(serverOptions);
    }

    /** Initialises a fresh data directory, starts the server and creates the databases. */
    public static MariaDbServer start(String... databases) throws IOException, InterruptedException, SQLException {
        return start(List.of(), databases);
    }

    /** The same, with more options for mariadbd ({@code --name=value}), kept for every restart. */
    public static MariaDbServer start(List<String> serverOptions, String... databases)
            throws IOException, InterruptedException, SQLException {
        Path dir = Files.createTempDirectory("doorstep-db-");
        MariaDbServer server = new MariaDbServer(dir, FreePorts.next(), serverOptions);
        server.install();
        server.launch();
        server.createDatabases(databases);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        return server;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return "root";
    }

    public String password() {
        return "";
    }

    private void install() throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        Process install = new ProcessBuilder(binary("mariadb-install-db"), "--no-defaults", "--user=root",
                "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("install.log").toFile())
                .start();
        if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
            throw new IllegalStateException("mariadb-install-db failed; see " + dir.resolve("install.log"));
        }
    }

    /** Starts (or restarts) the server on the same port and data. */
    public synchronized void launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary("mariadbd"), "--no-defaults", "--user=root",
                "--datadir=" + dir.resolve("data"), "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"),
                "--log-error=" + dir.resolve("error.log"), "--skip-name-resolve",
                "--max-connections=500", "--innodb-buffer-pool-size=128M",
                // Tests may lose the last second of commits if the machine dies; a killed server loses nothing.
                "--innodb-flush-log-at-trx-commit=2"));
        command.addAll(serverOptions);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited at start; see " + dir.resolve("error.log"));
            }
            try (Connection ignored = connect("")) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("mariadbd did not accept connections within 60 s", last);
    }

    /** Kills the server at once, as a crash would. */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), username(), password());
    }

    private void createDatabases(String... databases) throws SQLException {
        try (Connection connection = connect(""); Statement statement = connection.createStatement()) {
            for (String database : databases) {
                statement.execute("create database if not exists " + database
                        + " character set utf8mb4 collate utf8mb4_unicode_ci");
            }
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        Deletes.recursively(dir);
    }

    private static String binary(String name) {
        for (String folder : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path candidate = Path.of(folder, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String folder : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(folder, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " not found: the tests need a MariaDB server binary. "
                + "Install it with: apt-get install -y mariadb-server");
    }
}
