package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;

/**
 * The CapabilityStatement (about 1.6 MB) is sent gzipped to a client that accepts it, and the encoded bytes are kept
 * ({@link CapabilityStatementCache}): the same request answers the same bytes, with the headers HAPI set.
 */
class CapabilityStatementCacheIT extends CareflowIT {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> metadata(boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl() + "/metadata")).header("Accept", FHIR_JSON);
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aClientAcceptingGzip_getsTheStatementGzipped_theSameBytesTwice() throws Exception {
        HttpResponse<byte[]> first = metadata(true);
        HttpResponse<byte[]> second = metadata(true);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(second.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(second.headers().firstValue("Content-Type").orElse("")).startsWith(FHIR_JSON);
        assertThat(second.body()).isEqualTo(first.body());
        String json;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(second.body()))) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(second.body().length).isLessThan(json.length() / 5);
        CapabilityStatement statement = parse(CapabilityStatement.class, json);
        assertThat(statement.getRestFirstRep().getResource()).isNotEmpty();
    }

    @Test
    void aClientNotAcceptingGzip_getsPlainJson() throws Exception {
        metadata(true);
        HttpResponse<byte[]> plain = metadata(false);
        HttpResponse<byte[]> again = metadata(false);

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(again.body()).isEqualTo(plain.body());
        CapabilityStatement statement =
                parse(CapabilityStatement.class, new String(again.body(), StandardCharsets.UTF_8));
        assertThat(statement.getRestFirstRep().getResource()).isNotEmpty();
    }
}
