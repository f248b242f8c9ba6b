package dev.careflow.platform;

/**
 * Marks a Careflow interceptor that belongs on HAPI's JPA interceptor service (so it sees REST writes, transaction
 * entries and Careflow's own writes alike). {@link InterceptorRegistration} registers every such bean, unless Careflow's
 * features are switched off ({@code careflow.features.enabled=false}: plain HAPI JPA, the benchmarks' baseline).
 */
public interface CareflowStorageInterceptor {}
