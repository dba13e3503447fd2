package dev.payhook.web.operators;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The operator a request was authenticated as: the name their token is configured under, never a
 * name the request itself claims, and the merchant accounts they may see and act on. Controllers take
 * it as {@code @RequestAttribute(Operator.ATTRIBUTE) Operator operator}.
 *
 * @param accounts the merchant accounts this operator is limited to; null for an operator of every
 *                 account (configured as {@code payhook.operators.<name>=<token>}, or without {@code accounts})
 */
public record Operator(String name, SortedSet<String> accounts) {

    public static final String ATTRIBUTE = "payhook.operator";

    public Operator {
        accounts = accounts == null ? null : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(accounts));
    }

    /** An operator of every account. */
    public Operator(String name) {
        this(name, null);
    }

    public boolean isScoped() {
        return accounts != null;
    }

    /**
     * Whether a record of this merchant account is this operator's to see. A record of no known account
     * is seen only by operators of every account: it may be anyone's.
     */
    public boolean sees(String account) {
        return accounts == null || account != null && accounts.contains(account);
    }

    /**
     * The accounts a query of this operator covers: those {@code asked} for (none: all) that it may see;
     * null for every account. An account it may not see is left out, exactly as an unknown one.
     */
    public SortedSet<String> narrow(Collection<String> asked) {
        SortedSet<String> wanted = asked == null || asked.isEmpty() ? null : new TreeSet<>(asked);
        if (accounts == null) {
            return wanted;
        }
        if (wanted == null) {
            return accounts;
        }
        wanted.retainAll(accounts);
        return wanted;
    }

    /**
     * The same operator looking at one account ({@code account} null or blank: at all of theirs): a view
     * of one account, as the console's account selector asks for. An account they may not see leaves
     * them seeing nothing.
     */
    public Operator within(String account) {
        if (account == null || account.isBlank()) {
            return this;
        }
        return new Operator(name, narrow(java.util.List.of(account.strip())));
    }

    /**
     * Whether a record spanning these accounts (a settlement batch of several) is this operator's to see:
     * all of them must be, so nothing of another account shows through it.
     */
    public boolean seesAll(Collection<String> recordAccounts) {
        return accounts == null || !recordAccounts.isEmpty() && accounts.containsAll(recordAccounts);
    }
}
