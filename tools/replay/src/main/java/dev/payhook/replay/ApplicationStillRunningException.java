package dev.payhook.replay;

import java.util.List;

/**
 * Offsets of a consumer group with live members cannot be moved: the members would overwrite them
 * with their next commit (and the broker refuses anyway). Stop every instance first.
 */
public final class ApplicationStillRunningException extends RuntimeException {

    public ApplicationStillRunningException(String groupId, List<String> members) {
        super("consumer group " + groupId + " still has " + members.size() + " active member(s) " + members
                + ": stop every instance of the application (scale it to zero) and run again");
    }
}
