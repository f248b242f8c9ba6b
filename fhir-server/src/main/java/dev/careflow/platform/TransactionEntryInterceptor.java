package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.lang3.StringUtils;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Checks the requests inside a batch or transaction as {@link RequestParameterInterceptor} checks a REST request, and
 * one thing more: a {@code PUT Type/id} entry whose resource carries another id is refused, as HAPI refuses it on a
 * plain PUT (R4 http.html#update: the ids SHALL match), instead of storing the body under the URL's id. Registered on
 * HAPI's JPA interceptor service, so it also sees transactions Careflow's own operations run.
 */
@Interceptor
public class TransactionEntryInterceptor implements CareflowStorageInterceptor {

    private final Set<String> resourceTypes;

    public TransactionEntryInterceptor(FhirContext fhirContext) {
        this.resourceTypes = Set.copyOf(fhirContext.getResourceTypes());
    }

    @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
    public void checkEntries(IBaseBundle bundle) {
        if (!(bundle instanceof Bundle transaction)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < transaction.getEntry().size(); i++) {
            Bundle.BundleEntryComponent entry = transaction.getEntry().get(i);
            String where = "Bundle.entry[" + i + "].request";
            Bundle.BundleEntryRequestComponent request = entry.getRequest();
            String url = StringUtils.defaultString(request.getUrl());
            if (url.contains("?")) {
                boolean conditional = request.getMethod() != Bundle.HTTPVerb.GET;
                SearchUrlRules.check(RequestParameterInterceptor.queryOf(url), resourceTypes, true, conditional)
                        .forEach(p -> problems.add(where + ".url: " + p));
            }
            if (request.hasIfNoneExist()) {
                SearchUrlRules.check(
                                RequestParameterInterceptor.queryOf(request.getIfNoneExist()),
                                resourceTypes,
                                true,
                                true)
                        .forEach(p -> problems.add(where + ".ifNoneExist: " + p));
            }
            if (request.getMethod() == Bundle.HTTPVerb.PUT && !url.contains("?") && entry.hasResource()) {
                String[] path = url.split("/");
                String bodyId = entry.getResource().getIdElement().getIdPart();
                String bodyValue = entry.getResource().getIdElement().getValue();
                boolean placeholder = bodyValue != null && bodyValue.startsWith("urn:");
                if (path.length >= 2 && StringUtils.isNotBlank(bodyId) && !placeholder && !bodyId.equals(path[1])) {
                    problems.add(where + ": the resource's id '" + SearchUrlRules.printable(bodyId)
                            + "' does not match the id in the URL '" + SearchUrlRules.printable(url) + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw DomainExceptionInterceptor.badRequest(problems);
        }
    }
}
