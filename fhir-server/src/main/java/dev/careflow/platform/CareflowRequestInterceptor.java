package dev.careflow.platform;

/**
 * Marks a Careflow interceptor that belongs on the FHIR endpoint's {@code RestfulServer}: it sees clients' requests
 * ({@code SERVER_*} pointcuts, and the storage pointcuts of those requests only), never the writes Careflow's services
 * make as the server itself (authorisation, narrowing, audit of requests, URL checks, exception mapping).
 * {@link InterceptorRegistration} registers every such bean on the server, in their {@code @Order}, whether Careflow's
 * features are on or off; a feature never registers an interceptor itself.
 */
public interface CareflowRequestInterceptor {}
