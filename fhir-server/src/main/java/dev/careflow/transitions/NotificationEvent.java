package dev.careflow.transitions;

import dev.careflow.vocabulary.CodeSystems;
import java.util.Optional;

/**
 * The Da Vinci Unsolicited Notifications events Careflow acts on. Codes beneath these in the notification-event code
 * system ({@code notification-admit-...}) count as their parent.
 */
public enum NotificationEvent {
    ADMIT("notification-admit"),
    DISCHARGE("notification-discharge"),
    TRANSFER("notification-transfer");

    public static final String SYSTEM = CodeSystems.DAVINCI_NOTIFICATION_EVENT;

    private final String code;

    NotificationEvent(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<NotificationEvent> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (NotificationEvent event : values()) {
            if (code.equals(event.code) || code.startsWith(event.code + "-")) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
