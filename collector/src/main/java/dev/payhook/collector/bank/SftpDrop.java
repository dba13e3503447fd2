package dev.payhook.collector.bank;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * One connection to a bank's SFTP drop (Apache MINA SSHD): the server must prove the configured host
 * key, every step waits at most the drop's timeout, and a file is read only up to the size bound.
 */
final class SftpDrop implements AutoCloseable {

    /** A file in the drop. */
    record StatementFile(String name, long size) {}

    /** A file larger than the bound: refused without reading it. */
    static final class TooLargeException extends IOException {
        TooLargeException(String name, long size, long limit) {
            super(name + " is " + size + " bytes; statements are limited to " + limit);
        }
    }

    private final BankStatementCollectionProperties.Drop drop;
    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;

    private SftpDrop(
            BankStatementCollectionProperties.Drop drop, SshClient client, ClientSession session, SftpClient sftp) {
        this.drop = drop;
        this.client = client;
        this.session = session;
        this.sftp = sftp;
    }

    static SftpDrop open(BankStatementCollectionProperties.Drop drop) throws IOException, GeneralSecurityException {
        PublicKey expected = hostKey(drop.hostKey());
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> KeyUtils.compareKeys(expected, key));
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(client, drop.timeout());
        CoreModuleProperties.IDLE_TIMEOUT.set(client, drop.timeout().multipliedBy(4));
        client.start();
        ClientSession session = null;
        try {
            session = client.connect(drop.username(), drop.host(), drop.port())
                    .verify(drop.timeout())
                    .getSession();
            if (drop.privateKey() != null && !drop.privateKey().isBlank()) {
                for (KeyPair identity : identities(drop.privateKey())) {
                    session.addPublicKeyIdentity(identity);
                }
            }
            if (drop.password() != null && !drop.password().isEmpty()) {
                session.addPasswordIdentity(drop.password());
            }
            session.auth().verify(drop.timeout());
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            return new SftpDrop(drop, client, session, sftp);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            client.stop();
            throw e;
        }
    }

    /** The regular files of the drop's directory its pattern takes, by name. */
    List<StatementFile> statements() throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + drop.pattern());
        List<StatementFile> files = new ArrayList<>();
        for (SftpClient.DirEntry entry : sftp.readDir(drop.directory())) {
            if (entry.getAttributes().isRegularFile() && matcher.matches(Path.of(entry.getFilename()))) {
                files.add(new StatementFile(
                        entry.getFilename(), entry.getAttributes().getSize()));
            }
        }
        files.sort(Comparator.comparing(StatementFile::name));
        return files;
    }

    /** The file's bytes, refused past {@code limit} before and while reading. */
    byte[] read(StatementFile file, long limit) throws IOException {
        if (file.size() > limit) {
            throw new TooLargeException(file.name(), file.size(), limit);
        }
        try (InputStream in = sftp.read(drop.directory() + "/" + file.name())) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw new TooLargeException(file.name(), bytes.length, limit);
            }
            return bytes;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sftp.close();
        } finally {
            try {
                // Gracefully, and waited for: an immediate close left a read completing on the client's
                // I/O pool while stop() shut it down, and the stop failed ("Executor has been shut down")
                // after the files were read (seen once in BankReconciliationIT).
                session.close(false).await(CLOSE_WAIT);
            } finally {
                client.stop();
            }
        }
    }

    /** How long a close waits for the session to end before the client stops regardless. */
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(5);

    private static PublicKey hostKey(String line) throws IOException, GeneralSecurityException {
        if (line == null || line.isBlank()) {
            throw new IOException("no host-key configured: payhook never trusts an SFTP server's key on first use");
        }
        return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip())
                .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    }

    private static Iterable<KeyPair> identities(String path) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return SecurityUtils.loadKeyPairIdentities(null, () -> path, in, null);
        }
    }
}
