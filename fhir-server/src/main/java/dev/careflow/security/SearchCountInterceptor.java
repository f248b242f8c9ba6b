package dev.careflow.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.careflow.platform.CareflowRequestInterceptor;
import dev.careflow.platform.SearchCounts;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Counts and totals that say no more than the search they count shows:
 *
 * <ul>
 *   <li>HAPI answers the count of a full-text search ({@code _content}, {@code _text}) from the full-text index
 *       alone, ignoring every other parameter, the ones that narrow a search to a patient's compartment or to a v2
 *       scope's restriction included: such counts ({@code _summary=count}, {@code _count=0}) are computed here from the
 *       whole search instead, and {@code _total=accurate} is not offered for them.
 *   <li>Where a token's scopes cannot be expressed as one search (several v2 restrictions on different parameters),
 *       results are checked one by one: such a search cannot be counted (400) and carries no total.
 *   <li>The pages of a search are served to whoever started it: another caller gets the same answer as for a search
 *       that has expired, and learns nothing of its total.
 * </ul>
 */
@Interceptor
final class SearchCountInterceptor implements CareflowRequestInterceptor {

    /** Set on a request whose results the authorization rules check one by one. */
    static final String CHECKED_ONE_BY_ONE = SearchCountInterceptor.class.getName() + ".oneByOne";

    private static final String COUNT = SearchCountInterceptor.class.getName() + ".count";
    private static final Set<String> FULL_TEXT = SearchCounts.FULL_TEXT;
    /** Parameters that shape an answer without choosing what it holds. */
    private static final Set<String> SHAPING = Set.of(
            "_summary",
            "_count",
            "_total",
            "_sort",
            "_elements",
            "_include",
            "_revinclude",
            "_format",
            "_pretty",
            "_offset",
            "_contained",
            "_containedType",
            "_getpagesoffset",
            "_bundletype");

    private final SearchCounts counts;
    private final Cache<String, String> searchOwners = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofHours(2))
            .build();

    SearchCountInterceptor(SearchCounts counts) {
        this.counts = counts;
    }

    /** After every hook that narrows the search (order). */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = 1000)
    public void check(RequestDetails request) {
        if (request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE) {
            onlyTheOwnersPages(request);
            return;
        }
        Map<String, String[]> parameters = request.getParameters();
        boolean counting = "count".equals(first(parameters, "_summary")) || "0".equals(first(parameters, "_count"));
        boolean total = parameters.containsKey("_total");
        if (request.getRestOperationType() == RestOperationTypeEnum.SEARCH_SYSTEM && (counting || total)) {
            // A search across every type cannot be narrowed to a compartment or a scope's restriction: it is not
            // counted for a token that does not reach every resource.
            boolean everything = TokenClaims.token()
                    .map(t -> TokenClaims.scopes(request, t).stream()
                            .anyMatch(s -> s.context() != SmartScope.Context.PATIENT
                                    && "*".equals(s.resourceType())
                                    && s.restriction().isEmpty()
                                    && s.allows(SmartScope.Permission.SEARCH)))
                    .orElse(true);
            if (!everything) {
                throw new InvalidRequestException("A search across every resource type cannot be counted with this"
                        + " token: search a type instead");
            }
            return;
        }
        if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE) {
            return;
        }
        if (!counting && !total) {
            return;
        }
        if (Boolean.TRUE.equals(request.getUserData().get(CHECKED_ONE_BY_ONE))) {
            if (counting) {
                throw new InvalidRequestException("This search cannot be counted with this token: its scopes restrict "
                        + request.getResourceName() + " in ways checked result by result. Search and page instead.");
            }
            withoutTotal(request);
            return;
        }
        boolean fullText = parameters.keySet().stream().anyMatch(FULL_TEXT::contains);
        boolean narrowed =
                parameters.keySet().stream().anyMatch(name -> !FULL_TEXT.contains(name) && !SHAPING.contains(name));
        if (!fullText || !narrowed) {
            return;
        }
        if (counting) {
            request.getUserData().put(COUNT, recount(request));
        } else {
            withoutTotal(request);
        }
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void answer(RequestDetails request, IBaseResource response) {
        if (!(response instanceof Bundle bundle)) {
            return;
        }
        Object count = request.getUserData().get(COUNT);
        if (count instanceof Integer correct) {
            bundle.setTotal(correct);
        }
        if (Boolean.TRUE.equals(request.getUserData().get(CHECKED_ONE_BY_ONE))) {
            bundle.setTotalElement(null);
        }
        if (request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE
                || request.getRestOperationType() == RestOperationTypeEnum.SEARCH_SYSTEM
                || request.getRestOperationType() == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
                || request.getRestOperationType() == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE) {
            bundle.getLink().stream()
                    .map(Bundle.BundleLinkComponent::getUrl)
                    .map(SearchCountInterceptor::searchId)
                    .filter(id -> id != null)
                    .forEach(id -> searchOwners.put(id, caller()));
        }
    }

    private void onlyTheOwnersPages(RequestDetails request) {
        String id = first(request.getParameters(), "_getpages");
        String owner = id == null ? null : searchOwners.getIfPresent(id);
        if (owner != null && !owner.equals(caller())) {
            throw new ResourceGoneException("Search ID \"" + id + "\" does not exist and may have expired");
        }
    }

    /** Who is calling: the token's client and subject, or nobody. */
    private static String caller() {
        return TokenClaims.token()
                .map(t -> t.getToken().getClaims().get("client_id") + "|"
                        + t.getToken().getSubject())
                .orElse("");
    }

    private static String searchId(String url) {
        if (url == null) {
            return null;
        }
        int at = url.indexOf("_getpages=");
        if (at < 0) {
            return null;
        }
        String rest = url.substring(at + "_getpages=".length());
        int end = rest.indexOf('&');
        return end < 0 ? rest : rest.substring(0, end);
    }

    /** The number of results of the whole search, full text and every other parameter together. */
    private int recount(RequestDetails request) {
        Map<String, String[]> choosing = new HashMap<>(request.getParameters());
        choosing.keySet().removeAll(SHAPING);
        return counts.count(request.getResourceName(), choosing);
    }

    private static void withoutTotal(RequestDetails request) {
        Map<String, String[]> parameters = new HashMap<>(request.getParameters());
        parameters.remove("_total");
        request.setParameters(parameters);
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
