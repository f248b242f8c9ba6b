package dev.careflow.transitions;

import dev.careflow.platform.CareflowException;
import java.util.List;

/** A notification that Careflow refuses, with every reason found; nothing of it is stored. */
public class NotificationRejectedException extends CareflowException {

    public NotificationRejectedException(Kind kind, List<String> reasons) {
        super(kind, reasons);
    }

    public NotificationRejectedException(Kind kind, String reason) {
        this(kind, List.of(reason));
    }
}
