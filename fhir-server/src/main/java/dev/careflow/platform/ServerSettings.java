package dev.careflow.platform;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The FHIR endpoint as clients see it.
 *
 * @param publicBaseUrl the base URL written into links and {@code Location} headers (for example
 *     {@code https://fhir.example.org/fhir}); empty to derive it from each request
 * @param corsAllowedOrigins origins a browser app may call from ({@code *} for any); empty switches CORS off
 * @param openapi serve the OpenAPI description at {@code /fhir/api-docs} and Swagger UI at {@code /fhir/swagger-ui/}
 * @param strictParsing refuse with 400 a resource whose JSON or XML the parser would otherwise change silently (an
 *     unknown element, an array where one value belongs or the reverse, an invalid primitive value such as a
 *     {@code birthDate} with a time); {@code false} for senders that cannot send valid FHIR, whose resources are then
 *     stored with what HAPI could not read dropped
 */
@Validated
@ConfigurationProperties("careflow.server")
public record ServerSettings(
        @DefaultValue("") String publicBaseUrl,
        @DefaultValue("*") List<String> corsAllowedOrigins,
        @DefaultValue("true") boolean openapi,
        @DefaultValue("true") boolean strictParsing) {}
