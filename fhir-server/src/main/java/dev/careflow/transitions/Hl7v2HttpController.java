package dev.careflow.transitions;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * HL7 v2 over HTTP: {@code POST /hl7v2} with an ER7 message as the body ({@code x-application/hl7-v2+er7} or
 * {@code text/plain}); the answer is 200 with the ACK as the body, as over MLLP (an empty body too: AR). In enhanced
 * acknowledgement mode (MSH-15/16) the one reply is the application ACK if MSH-16 asks for it, else the commit ACK if
 * MSH-15 asks for it, else 204 No Content.
 */
@RestController
class Hl7v2HttpController {

    static final String ER7 = "x-application/hl7-v2+er7";

    private final Hl7v2Intake intake;

    Hl7v2HttpController(Hl7v2Intake intake) {
        this.intake = intake;
    }

    @PostMapping(path = "/hl7v2", produces = ER7)
    ResponseEntity<String> receive(@RequestBody(required = false) String er7) {
        String ack = intake.receive(er7);
        if (ack == null) {
            // Enhanced mode, and the sender asked for no ACK of this outcome (MSH-15/16 NE, ER or SU).
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(ER7)).body(ack);
    }
}
