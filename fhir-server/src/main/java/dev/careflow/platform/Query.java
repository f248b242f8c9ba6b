package dev.careflow.platform;

import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.repository.IRepositoryRestQueryBuilder;
import ca.uhn.fhir.rest.param.NumberParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.Multimap;
import java.util.Arrays;
import java.util.List;

/**
 * A FHIR search as HAPI's repository API takes it: each {@link #and} adds one parameter whose values are alternatives
 * (FHIR's comma), repeated parameters are all required (FHIR's {@code &}). Values are HAPI's typed parameters, so
 * nothing a patient or a sender wrote is ever pasted into a URL.
 *
 * <pre>{@code
 * Query.where("patient", Query.reference("Patient/1")).and("status", Query.token("ready"), Query.token("in-progress"))
 * }</pre>
 */
public final class Query implements IRepository.IRepositoryRestQueryContributor {

    private final Multimap<String, List<IQueryParameterType>> parameters = ArrayListMultimap.create();

    private Query() {}

    /** Every resource of the type. */
    public static Query all() {
        return new Query();
    }

    /** Resources whose parameter matches any of the values. */
    public static Query where(String name, IQueryParameterType... anyOf) {
        return new Query().and(name, anyOf);
    }

    /** Also requires the parameter to match any of the values. */
    public Query and(String name, IQueryParameterType... anyOf) {
        if (anyOf.length == 0) {
            throw new IllegalArgumentException("A search parameter needs at least one value: " + name);
        }
        parameters.put(name, List.copyOf(Arrays.asList(anyOf)));
        return this;
    }

    /** Also requires the parameter to match any of the values. */
    public Query and(String name, List<? extends IQueryParameterType> anyOf) {
        return and(name, anyOf.toArray(IQueryParameterType[]::new));
    }

    /** Sorted by a search parameter ({@code -date} for descending). */
    public Query sort(String parameter) {
        parameters.put("_sort", List.of(new StringParam(parameter)));
        return this;
    }

    /** At most this many matches. */
    public Query count(int count) {
        parameters.put("_count", List.of(new NumberParam(count)));
        return this;
    }

    /** The parameters, for repositories that take a map. */
    public Multimap<String, List<IQueryParameterType>> parameters() {
        return ArrayListMultimap.create(parameters);
    }

    @Override
    public void contributeToQuery(IRepositoryRestQueryBuilder builder) {
        parameters.entries().forEach(entry -> builder.addOrList(entry.getKey(), entry.getValue()));
    }

    /** A reference value, {@code Type/id}. */
    public static ReferenceParam reference(String reference) {
        return new ReferenceParam(reference);
    }

    /** A code in any system. */
    public static TokenParam token(String code) {
        return new TokenParam(code);
    }

    /** A code in the system. */
    public static TokenParam token(String system, String code) {
        return new TokenParam(system, code);
    }

    /** A string value (FHIR string matching: starts with, case- and accent-insensitive). */
    public static StringParam string(String value) {
        return new StringParam(value);
    }

    @Override
    public String toString() {
        return parameters.toString();
    }
}
