package dev.careflow.transitions;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * HL7 v2 over HTTP: {@code POST /hl7v2} with an ER7 message as the body ({@code x-application/hl7-v2+er7} or
 * {@code text/plain}); the answer is always 200 with the ACK as the body, as over MLLP (an empty body too: AR).
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
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(ER7)).body(intake.receive(er7));
    }
}
