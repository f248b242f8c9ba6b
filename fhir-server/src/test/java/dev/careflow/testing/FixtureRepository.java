package dev.careflow.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.repository.impl.MultiMapRepositoryRestQueryBuilder;
import ca.uhn.fhir.repository.impl.memory.InMemoryFhirRepository;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.NumberParam;
import ca.uhn.fhir.rest.param.QuantityParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import com.google.common.collect.Multimap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The store of the services' unit tests: HAPI's {@link InMemoryFhirRepository} holding the resources, with what a
 * service relies on from the JPA server added: FHIR search matching ({@link SearchMatcher}), versions and
 * {@code meta.lastUpdated}, copies on read and write (a service must update what it changes), and transactions that
 * resolve {@code urn:uuid} references, honour {@code ifNoneExist} and {@code If-Match}, and store all entries or none;
 * a create with an {@code If-None-Exist} header is conditional, as on the server.
 *
 * <p>{@link #load} reads a fixture folder, {@code src/test/resources/fixtures/<feature>/<case>/}: every {@code .json}
 * file is a resource (or a Bundle whose entries are) stored under its own id.
 */
public final class FixtureRepository implements IRepository {

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    private final InMemoryFhirRepository store = InMemoryFhirRepository.emptyRepository(CONTEXT);
    private final SearchMatcher matcher = new SearchMatcher(CONTEXT);
    private final AtomicLong ids = new AtomicLong();
    private int transactions;

    public static FixtureRepository empty() {
        return new FixtureRepository();
    }

    /** The resources of a fixture folder under {@code fixtures/} on the test classpath. */
    public static FixtureRepository load(String folder) {
        FixtureRepository repository = new FixtureRepository();
        Path path = fixtures().resolve(folder);
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Resource resource = (Resource) CONTEXT.newJsonParser().parseResource(Files.readString(file));
                if (resource instanceof Bundle bundle && bundle.getType() != Bundle.BundleType.MESSAGE) {
                    bundle.getEntry().forEach(entry -> repository.with(entry.getResource()));
                } else {
                    repository.with(resource);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fixture folder " + path, e);
        }
        return repository;
    }

    /** A fixture file's resource, not stored (a request body, a message). */
    public static <T extends IBaseResource> T resource(Class<T> type, String file) {
        try {
            return CONTEXT.newJsonParser()
                    .parseResource(type, Files.readString(fixtures().resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fixture " + file, e);
        }
    }

    private static Path fixtures() {
        try {
            return Path.of(FixtureRepository.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores resources as given (under their own ids, or new ones). */
    public FixtureRepository with(Resource... resources) {
        for (Resource resource : resources) {
            if (resource.getIdElement().hasIdPart()) {
                update(resource);
            } else {
                create(resource);
            }
        }
        return this;
    }

    /** Every stored resource of the type (copies). */
    public <T extends IBaseResource> List<T> all(Class<T> type) {
        return store.getResourceStorage().getAllOfType(CONTEXT.getResourceType(type)).stream()
                .map(r -> type.cast(versioned((Resource) r)))
                .toList();
    }

    /** How many transactions were committed (a request's unit of work is one). */
    public int transactionCount() {
        return transactions;
    }

    @Override
    public FhirContext fhirContext() {
        return CONTEXT;
    }

    @Override
    public synchronized <T extends IBaseResource, I extends IIdType> T read(
            Class<T> type, I id, Map<String, String> headers) {
        IdType plain = new IdType(CONTEXT.getResourceType(type), id.getIdPart());
        Resource stored = (Resource) store.read(type, plain);
        if (id.hasVersionIdPart()
                && !id.getVersionIdPart().equals(stored.getMeta().getVersionId())) {
            throw new ResourceNotFoundException(id);
        }
        return type.cast(versioned(stored));
    }

    /** A copy whose id carries its version, as the JPA server answers. */
    private static Resource versioned(Resource stored) {
        Resource copy = stored.copy();
        copy.setId(copy.getIdElement().withVersion(copy.getMeta().getVersionId()));
        return copy;
    }

    @Override
    public synchronized <T extends IBaseResource> MethodOutcome create(T resource, Map<String, String> headers) {
        String ifNoneExist = headers == null ? null : headers.get(ca.uhn.fhir.rest.api.Constants.HEADER_IF_NONE_EXIST);
        if (ifNoneExist != null) {
            String type = ((Resource) resource).fhirType();
            Optional<Resource> existing =
                    matches(type, parse(type, ifNoneExist)).stream().findFirst();
            if (existing.isPresent()) {
                MethodOutcome outcome =
                        new MethodOutcome(versioned(existing.get()).getIdElement());
                outcome.setCreated(false);
                return outcome;
            }
        }
        Resource copy = ((Resource) resource).copy();
        copy.setId(new IdType(copy.fhirType(), "f" + ids.incrementAndGet()));
        return update(copy, headers);
    }

    @Override
    public synchronized <T extends IBaseResource> MethodOutcome update(T resource, Map<String, String> headers) {
        Resource copy = ((Resource) resource).copy();
        IdType id = new IdType(copy.fhirType(), copy.getIdElement().getIdPart());
        Optional<Resource> current = current(copy.fhirType(), id.getIdPart());
        long version =
                current.map(c -> Long.parseLong(c.getMeta().getVersionId()) + 1).orElse(1L);
        copy.setId(id.withVersion(Long.toString(version)));
        copy.getMeta().setVersionId(Long.toString(version)).setLastUpdated(new Date());
        MethodOutcome outcome = store.update(copy);
        outcome.setId(id.withVersion(Long.toString(version)));
        outcome.setResource(copy.copy());
        outcome.setCreated(current.isEmpty());
        return outcome;
    }

    @Override
    public synchronized <T extends IBaseResource, I extends IIdType> MethodOutcome delete(
            Class<T> type, I id, Map<String, String> headers) {
        return store.delete(type, new IdType(CONTEXT.getResourceType(type), id.getIdPart()));
    }

    @Override
    public <B extends IBaseBundle, T extends IBaseResource> B search(
            Class<B> bundleType, Class<T> type, IRepositoryRestQueryContributor query, Map<String, String> headers) {
        return search(bundleType, type, MultiMapRepositoryRestQueryBuilder.contributorToMultimap(query), headers);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <B extends IBaseBundle, T extends IBaseResource> B search(
            Class<B> bundleType,
            Class<T> type,
            Multimap<String, List<IQueryParameterType>> parameters,
            Map<String, String> headers) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        matches(CONTEXT.getResourceType(type), parameters)
                .forEach(
                        r -> bundle.addEntry().setResource(r.copy()).getSearch().setMode(Bundle.SearchEntryMode.MATCH));
        bundle.setTotal(bundle.getEntry().size());
        return (B) bundle;
    }

    /** The stored resources of the type matching every parameter, sorted and counted as asked. */
    List<Resource> matches(String type, Multimap<String, List<IQueryParameterType>> parameters) {
        for (String name : parameters.keySet()) {
            if (!name.startsWith("_")) {
                matcher.check(type, name);
            } else if (name.startsWith("_include") || name.startsWith("_revinclude") || name.equals("_has")) {
                throw new UnsupportedOperationException(name + " is not supported by the fixture repository");
            }
        }
        List<Resource> found = new ArrayList<>();
        for (IBaseResource candidate : store.getResourceStorage().getAllOfType(type)) {
            Resource resource = (Resource) candidate;
            boolean all = true;
            for (var entry : parameters.entries()) {
                all &= matchesParameter(resource, entry.getKey(), entry.getValue());
            }
            if (all) {
                found.add(resource);
            }
        }
        sort(type, found, parameters.get("_sort"));
        for (List<IQueryParameterType> count : parameters.get("_count")) {
            int limit = Integer.parseInt(count.get(0).getValueAsQueryToken(CONTEXT));
            found = found.subList(0, Math.min(limit, found.size()));
        }
        return found;
    }

    private boolean matchesParameter(Resource resource, String name, List<IQueryParameterType> anyOf) {
        switch (name) {
            case "_sort", "_count", "_total", "_summary", "_elements":
                return true;
            case "_id":
                return anyOf.stream().anyMatch(v -> new IdType(v.getValueAsQueryToken(CONTEXT))
                        .getIdPart()
                        .equals(resource.getIdElement().getIdPart()));
            case "_include", "_revinclude", "_has", "_include:iterate", "_revinclude:iterate":
                throw new UnsupportedOperationException(name + " is not supported by the fixture repository");
            default:
                return matcher.matches(resource, name, anyOf);
        }
    }

    private void sort(String type, List<Resource> found, java.util.Collection<List<IQueryParameterType>> sorts) {
        for (List<IQueryParameterType> sort : sorts) {
            String spec = sort.get(0).getValueAsQueryToken(CONTEXT);
            boolean descending = spec.startsWith("-");
            String name = descending ? spec.substring(1) : spec;
            RuntimeSearchParam parameter = matcher.definition(type, name);
            Comparator<Resource> order =
                    Comparator.comparing(r -> sortKey(r, parameter), Comparator.nullsLast(Comparator.naturalOrder()));
            found.sort(descending ? order.reversed() : order);
        }
    }

    private String sortKey(Resource resource, RuntimeSearchParam parameter) {
        List<Base> values = matcher.values(resource, parameter);
        if (values.isEmpty()) {
            return null;
        }
        Base first = values.get(0);
        if (first instanceof org.hl7.fhir.r4.model.BaseDateTimeType date) {
            return String.format("%020d", date.getValue().getTime());
        }
        if (first instanceof org.hl7.fhir.r4.model.Period period && period.hasStart()) {
            return String.format("%020d", period.getStart().getTime());
        }
        return first.isPrimitive() ? first.primitiveValue() : first.toString();
    }

    private Optional<Resource> current(String type, String id) {
        return store.getResourceStorage().getAllOfType(type).stream()
                .map(Resource.class::cast)
                .filter(r -> r.getIdElement().getIdPart().equals(id))
                .findFirst();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <B extends IBaseBundle> B transaction(B transaction, Map<String, String> headers) {
        Bundle request = ((Bundle) transaction).copy();
        Map<String, String> resolved = new HashMap<>();
        List<Bundle.BundleEntryComponent> toWrite = new ArrayList<>();
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (Bundle.BundleEntryComponent entry : request.getEntry()) {
            Bundle.BundleEntryRequestComponent r = entry.getRequest();
            Resource resource = entry.getResource();
            if (r.getMethod() == Bundle.HTTPVerb.POST && r.hasIfNoneExist()) {
                List<Resource> existing = matches(resource.fhirType(), parse(resource.fhirType(), r.getIfNoneExist()));
                if (!existing.isEmpty()) {
                    resolved.put(
                            entry.getFullUrl(),
                            existing.get(0)
                                    .getIdElement()
                                    .toUnqualifiedVersionless()
                                    .getValue());
                    continue;
                }
            }
            if (r.getMethod() == Bundle.HTTPVerb.POST) {
                resolved.put(entry.getFullUrl(), resource.fhirType() + "/f" + ids.incrementAndGet());
            }
            if (r.getMethod() == Bundle.HTTPVerb.PUT) {
                // A conditional update (Type?search) replaces its one match, else creates; either way the entry's
                // fullUrl then names the stored resource, as on the JPA server.
                if (r.getUrl().contains("?")) {
                    List<Resource> existing = matches(resource.fhirType(), parse(resource.fhirType(), r.getUrl()));
                    r.setUrl(
                            existing.isEmpty()
                                    ? resource.fhirType() + "/f" + ids.incrementAndGet()
                                    : existing.get(0)
                                            .getIdElement()
                                            .toUnqualifiedVersionless()
                                            .getValue());
                }
                if (entry.hasFullUrl()) {
                    resolved.put(
                            entry.getFullUrl(),
                            new IdType(r.getUrl()).toUnqualifiedVersionless().getValue());
                }
            }
            if (r.getMethod() == Bundle.HTTPVerb.PUT && r.hasIfMatch()) {
                String version = r.getIfMatch().replaceAll("[^0-9]", "");
                String currentVersion = current(
                                resource.fhirType(), resource.getIdElement().getIdPart())
                        .map(c -> c.getMeta().getVersionId())
                        .orElse(null);
                if (!version.equals(currentVersion)) {
                    // What the JPA server throws (the REST layer answers 412 for it).
                    throw new ResourceVersionConflictException(
                            r.getUrl() + " is at version " + currentVersion + ", not " + version);
                }
            }
            toWrite.add(entry);
        }
        for (Bundle.BundleEntryComponent entry : request.getEntry()) {
            if (entry.getResource() != null) {
                CONTEXT.newTerser()
                        .getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)
                        .forEach(ref -> {
                            if (ref.hasReference() && resolved.containsKey(ref.getReference())) {
                                ref.setReference(resolved.get(ref.getReference()));
                            }
                        });
            }
        }
        for (Bundle.BundleEntryComponent entry : request.getEntry()) {
            Bundle.BundleEntryResponseComponent answer = response.addEntry().getResponse();
            if (!toWrite.contains(entry)) {
                answer.setStatus("200 OK")
                        .setLocation(resolved.get(entry.getFullUrl()) + "/_history/"
                                + current(
                                                entry.getResource().fhirType(),
                                                new IdType(resolved.get(entry.getFullUrl())).getIdPart())
                                        .map(c -> c.getMeta().getVersionId())
                                        .orElse("1"));
                continue;
            }
            Resource resource = entry.getResource();
            MethodOutcome outcome =
                    switch (entry.getRequest().getMethod()) {
                        case POST -> update(resource.setId(resolved.get(entry.getFullUrl())), Map.of());
                        case PUT ->
                            update(resource.setId(new IdType(entry.getRequest().getUrl()).getIdPart()), Map.of());
                        case DELETE -> {
                            IdType id = new IdType(entry.getRequest().getUrl());
                            yield delete(
                                    CONTEXT.getResourceDefinition(id.getResourceType())
                                            .getImplementingClass(),
                                    id);
                        }
                        default ->
                            throw new UnsupportedOperationException(entry.getRequest()
                                            .getMethod() + " entries are not supported by the fixture repository");
                    };
            answer.setStatus(Boolean.TRUE.equals(outcome.getCreated()) ? "201 Created" : "200 OK");
            if (outcome.getId() != null) {
                answer.setLocation(outcome.getId().getValue());
            }
        }
        transactions++;
        return (B) response;
    }

    /** A conditional URL ({@code name=value&...}) as typed parameters. */
    private Multimap<String, List<IQueryParameterType>> parse(String type, String url) {
        Multimap<String, List<IQueryParameterType>> parameters = com.google.common.collect.ArrayListMultimap.create();
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : url;
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            String nameWithModifier = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String value = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            String name = nameWithModifier.split(":")[0];
            String qualifier =
                    nameWithModifier.contains(":") ? nameWithModifier.substring(nameWithModifier.indexOf(':')) : null;
            List<IQueryParameterType> anyOf = new ArrayList<>();
            for (String one : splitUnescaped(value)) {
                IQueryParameterType parameter = name.equals("_id")
                        ? new TokenParam()
                        : switch (matcher.definition(type, name).getParamType()) {
                            case TOKEN -> new TokenParam();
                            case REFERENCE -> new ReferenceParam();
                            case STRING -> new StringParam();
                            case DATE -> new DateParam();
                            case URI -> new UriParam();
                            case NUMBER -> new NumberParam();
                            case QUANTITY -> new QuantityParam();
                            default -> throw new UnsupportedOperationException(name);
                        };
                parameter.setValueAsQueryToken(CONTEXT, name, qualifier, one);
                anyOf.add(parameter);
            }
            parameters.put(nameWithModifier, anyOf);
        }
        return parameters;
    }

    private static List<String> splitUnescaped(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
