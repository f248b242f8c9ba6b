package dev.careflow.careplan.document;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Resource;

/** What the plan of care document shows: the plan, its patient, goals, problems, care teams and their members. */
record PlanContents(
        CarePlan plan,
        Optional<Resource> patient,
        List<Goal> goals,
        List<Condition> problems,
        List<CareTeam> teams,
        Map<String, Resource> members) {}
