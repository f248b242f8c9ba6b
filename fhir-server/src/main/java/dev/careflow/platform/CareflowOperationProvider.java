package dev.careflow.platform;

/**
 * Marks a Spring bean as a HAPI plain provider of Careflow operations: the FHIR server registers every such bean, so
 * its {@code @Operation}s are served and listed in the CapabilityStatement. Each operation has an OperationDefinition
 * with the same canonical URL in the {@code profiles} package.
 */
public interface CareflowOperationProvider {}
