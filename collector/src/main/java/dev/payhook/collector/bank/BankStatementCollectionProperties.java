package dev.payhook.collector.bank;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bank statements fetched from banks' SFTP drops ({@code payhook.collector.bank-statements}).
 *
 * @param interval how often {@code scheduled} mode looks in every drop
 * @param maxSize  a larger file is refused (recorded, never published in part)
 * @param sftp     by a name of the operator's choosing, each drop
 */
@ConfigurationProperties("payhook.collector.bank-statements")
public record BankStatementCollectionProperties(
        @DefaultValue("1h") Duration interval, @DefaultValue("20MB") DataSize maxSize, Map<String, Drop> sftp) {

    public BankStatementCollectionProperties {
        sftp = sftp == null ? Map.of() : Map.copyOf(sftp);
    }

    /**
     * One bank's SFTP drop. Its host is the only one it connects to, and only once the server proves the
     * configured host key: there is no trust on first use.
     *
     * @param hostKey    the server's public key, as in {@code known_hosts} or {@code ssh-keyscan} output without the
     *                   host name ({@code ssh-ed25519 AAAA…}, {@code ecdsa-sha2-nistp256 AAAA…}, {@code ssh-rsa AAAA…})
     * @param password   the SFTP password, or
     * @param privateKey a path to the client's private key (OpenSSH or PEM, unencrypted): one of the two
     * @param directory  where the bank puts its statements
     * @param pattern    which files there are statements (a glob: {@code *.xml}, {@code MT940_*.sta})
     * @param format     {@code camt053}, {@code mt940} or {@code bai2}
     * @param timeout    connecting, authenticating and each read wait no longer
     */
    public record Drop(
            String host,
            @DefaultValue("22") int port,
            String username,
            String password,
            String privateKey,
            String hostKey,
            @DefaultValue(".") String directory,
            @DefaultValue("*") String pattern,
            String format,
            @DefaultValue("30s") Duration timeout) {}
}
