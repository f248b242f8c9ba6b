package dev.careflow.platform;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildResourceDefinition;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.IModelVisitor2;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The resource type a reference names must be one its element allows ({@code Patient.managingOrganization} to an
 * Organization): HAPI's own check ({@code JpaStorageSettings.setEnforceReferenceTargetTypes}, switched off) reads the
 * second-to-last segment of any absolute URL as a resource type, so it refused (HAPI-0931) absolute references to
 * non-FHIR URLs ({@code http://example.org/documents/123}), which FHIR allows. Here an absolute URL is checked only
 * when it names a FHIR resource type; relative references, as before, always.
 */
@Interceptor
public class ReferenceTargetTypes implements CareflowStorageInterceptor {

    private final FhirContext fhirContext;
    private final Set<String> resourceTypes;

    public ReferenceTargetTypes(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
        this.resourceTypes = fhirContext.getResourceTypes();
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        refuseWrongTargets(resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        refuseWrongTargets(resource);
    }

    private void refuseWrongTargets(IBaseResource resource) {
        List<String> problems = problems(resource);
        if (!problems.isEmpty()) {
            throw new UnprocessableEntityException(String.join("; ", problems));
        }
    }

    /** One problem per reference naming a resource type its element does not allow. */
    List<String> problems(IBaseResource resource) {
        List<String> problems = new ArrayList<>();
        fhirContext.newTerser().visit(resource, new IModelVisitor2() {
            @Override
            public boolean acceptElement(
                    IBase element,
                    List<IBase> containing,
                    List<BaseRuntimeChildDefinition> children,
                    List<BaseRuntimeElementDefinition<?>> elements) {
                if (element instanceof IBaseReference reference
                        && !children.isEmpty()
                        && children.get(children.size() - 1) instanceof RuntimeChildResourceDefinition child) {
                    check(reference, child, path(resource, children), problems);
                }
                return true;
            }
        });
        return problems;
    }

    private void check(
            IBaseReference reference, RuntimeChildResourceDefinition child, String path, List<String> problems) {
        if (child.getResourceTypes().stream().anyMatch(Class::isInterface)) {
            return; // Reference(Any)
        }
        IIdType target = reference.getReferenceElement();
        String type = target.getResourceType();
        if (type == null || target.getValue().contains("?") || (target.isAbsolute() && !resourceTypes.contains(type))) {
            return;
        }
        Set<String> allowed = child.getResourceTypes().stream()
                .map(fhirContext::getResourceType)
                .collect(Collectors.toSet());
        if (!allowed.contains(type)) {
            problems.add("Invalid reference found at path '" + path + "'. Resource type '" + type
                    + "' is not valid for this path");
        }
    }

    private static String path(IBaseResource resource, List<BaseRuntimeChildDefinition> children) {
        return resource.fhirType() + "."
                + children.stream()
                        .map(BaseRuntimeChildDefinition::getElementName)
                        .collect(Collectors.joining("."));
    }
}
