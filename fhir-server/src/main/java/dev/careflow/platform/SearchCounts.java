package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.StringParam;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * How many resources a client's search matches, counted by ids only (HAPI's repository API has no count): the
 * client's parameters translated as HAPI translates a match URL, plus the full-text ones ({@code _content},
 * {@code _text}), which that translation leaves out, each value one more AND clause.
 */
@Component
public class SearchCounts {

    /** The full-text search parameters. */
    public static final Set<String> FULL_TEXT = Set.of("_content", "_text");

    private final FhirContext fhir;
    private final DaoRegistry daos;
    private final MatchUrlService matchUrls;

    public SearchCounts(FhirContext fhir, DaoRegistry daos, MatchUrlService matchUrls) {
        this.fhir = fhir;
        this.daos = daos;
        this.matchUrls = matchUrls;
    }

    /** The number of resources of the type that every parameter (given as a request's parameters) matches. */
    public int count(String resourceType, Map<String, String[]> parameters) {
        String query = parameters.entrySet().stream()
                .filter(e -> !FULL_TEXT.contains(e.getKey()))
                .flatMap(e -> Arrays.stream(e.getValue()).map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        SearchParameterMap search =
                matchUrls.translateMatchUrl(resourceType + "?" + query, fhir.getResourceDefinition(resourceType));
        for (String name : FULL_TEXT) {
            String[] values = parameters.get(name);
            if (values != null) {
                for (String value : values) {
                    StringOrListParam any = new StringOrListParam();
                    Arrays.stream(value.split(",")).forEach(v -> any.addOr(new StringParam(v)));
                    search.add(name, any);
                }
            }
        }
        search.setLoadSynchronous(true);
        return daos.getResourceDao(resourceType)
                .searchForIds(search, new SystemRequestDetails())
                .size();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
