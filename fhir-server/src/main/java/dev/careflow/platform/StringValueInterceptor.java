package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Refuses, with 400 naming the element, a resource whose text holds what FHIR forbids in a string and PostgreSQL
 * cannot store: a NUL or other control character (R4 datatypes.html#string), or half of a surrogate pair (JSON's
 * {@code "\ud800"}, which is no character). Without it the write reached the database and failed there: a 409 with SQL
 * in its text for NUL, a 500 for a lone surrogate. A storage interceptor, so batch and transaction entries and
 * Careflow's own writes are checked too.
 */
@Interceptor
public class StringValueInterceptor implements CareflowStorageInterceptor {

    private final FhirTerser terser;

    public StringValueInterceptor(FhirContext fhirContext) {
        this.terser = fhirContext.newTerser();
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource) {
        check(resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource current) {
        check(current);
    }

    void check(IBaseResource resource) {
        List<String> problems = new ArrayList<>();
        terser.visit(resource, (theResource, element, path, child, definition) -> {
            if (element instanceof IPrimitiveType<?> primitive && problems.size() < 20) {
                SearchUrlRules.badCharacter(primitive.getValueAsString())
                        .ifPresent(c -> problems.add(
                                String.join(".", path) + " contains " + c + ", which FHIR strings may not hold"));
            }
        });
        if (!problems.isEmpty()) {
            throw DomainExceptionInterceptor.badRequest(problems);
        }
    }
}
