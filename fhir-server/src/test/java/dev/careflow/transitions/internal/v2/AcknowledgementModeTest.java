package dev.careflow.transitions.internal.v2;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Original and enhanced acknowledgement modes (MSH-15/16, table 0155). */
class AcknowledgementModeTest {

    private static Er7Header header(String accept, String application) {
        return Er7Header.read("MSH|^~\\&|EPIC|GENHOSP|CAREFLOW|CF|20250305120000||ADT^A03|CTRL-9|P|2.5.1|||" + accept
                + "|" + application + "\rEVN|A03\r");
    }

    private static String accepted(Er7Header header) {
        return Acknowledgement.accept(header);
    }

    private static String rejected(Er7Header header) {
        return Acknowledgement.error(
                header, Acknowledgement.Code.AR, ErrorCode.UNSUPPORTED_EVENT_CODE, "Unsupported trigger event");
    }

    private static List<String> codes(List<String> acks) {
        return acks.stream().map(Acknowledgement::code).toList();
    }

    @Test
    void bothFieldsEmpty_isOriginalModeWithOneApplicationAck() {
        Er7Header original = header("", "");

        assertThat(codes(AcknowledgementMode.acknowledgements(original, accepted(original))))
                .containsExactly("AA");
        assertThat(codes(AcknowledgementMode.acknowledgements(original, rejected(original))))
                .containsExactly("AR");
        assertThat(codes(AcknowledgementMode.acknowledgements(null, rejected(null))))
                .containsExactly("AR");
    }

    @ParameterizedTest(name = "MSH-15 {0}, MSH-16 {1}, stored: {2}")
    @CsvSource({
        "AL,AL,CA AA,CR AR",
        "AL,NE,CA,CR",
        "NE,AL,AA,AR",
        "NE,NE,'',''",
        "ER,ER,'',CR AR",
        "SU,SU,CA AA,''",
        "SU,ER,CA,AR",
        "ER,SU,AA,CR",
        ",AL,AA,AR",
        "AL,,CA,CR",
        "XX,NE,CA,CR"
    })
    void enhancedMode_sendsTheCommitAckThenTheApplicationAckWhenTheirConditionsHold(
            String accept, String application, String onSuccess, String onRefusal) {
        Er7Header message = header(accept == null ? "" : accept, application == null ? "" : application);

        assertThat(String.join(" ", codes(AcknowledgementMode.acknowledgements(message, accepted(message)))))
                .isEqualTo(onSuccess);
        assertThat(String.join(" ", codes(AcknowledgementMode.acknowledgements(message, rejected(message)))))
                .isEqualTo(onRefusal);
    }

    @Test
    void theCommitAck_answersTheSameMessageWithTheSameReasonUnderItsOwnControlId() {
        Er7Header message = header("AL", "AL");

        List<String> acks = AcknowledgementMode.acknowledgements(message, rejected(message));

        String[] commit = acks.get(0).split("\r");
        String[] application = acks.get(1).split("\r");
        assertThat(commit[1]).isEqualTo(application[1].replace("MSA|AR|", "MSA|CR|"));
        assertThat(commit[1]).startsWith("MSA|CR|CTRL-9|Unsupported trigger event");
        assertThat(commit[2]).isEqualTo(application[2]).startsWith("ERR|^^^201&");
        assertThat(commit[0].split("\\|")[9])
                .isNotBlank()
                .isNotEqualTo(application[0].split("\\|")[9]);
        assertThat(commit[0].split("\\|")[8]).isEqualTo("ACK^A03^ACK");
    }
}
