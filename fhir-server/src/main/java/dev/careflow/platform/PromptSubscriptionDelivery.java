package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.async.AsyncResourceModifiedSubmitterSvc;
import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends subscription notifications as soon as a change commits. HAPI stores each change for subscription matching in
 * the database and submits what is stored every 5 seconds (so nothing is lost if a node stops); this interceptor starts
 * that same submission pass right after a commit, on a background thread, whenever any subscription is active. The
 * scheduled pass stays as the safety net, and a change is submitted once whichever pass takes it. While no
 * subscription is active, changes are not queued for matching at all.
 */
@Interceptor
public class PromptSubscriptionDelivery implements CareflowStorageInterceptor, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PromptSubscriptionDelivery.class);

    private final AsyncResourceModifiedSubmitterSvc submitter;
    private final SubscriptionRegistry subscriptions;
    private final ca.uhn.fhir.context.FhirContext fhirContext;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "careflow-subscription-submit");
        thread.setDaemon(true);
        return thread;
    });

    PromptSubscriptionDelivery(
            AsyncResourceModifiedSubmitterSvc submitter,
            SubscriptionRegistry subscriptions,
            ca.uhn.fhir.context.FhirContext fhirContext) {
        this.submitter = submitter;
        this.subscriptions = subscriptions;
        this.fhirContext = fhirContext;
    }

    /**
     * While no subscription is active on this node, a change is not queued for matching at all (HAPI would store it,
     * then match it against nothing): only Subscriptions and topics themselves go through, so they register.
     */
    @Hook(Pointcut.SUBSCRIPTION_RESOURCE_MODIFIED)
    public boolean worthMatching(ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage message) {
        return subscriptions.size() > 0
                || message.hasResourceType(fhirContext, "Subscription")
                || message.hasResourceType(fhirContext, "Basic")
                || message.hasResourceType(fhirContext, "SubscriptionTopic");
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created() {
        afterCommit();
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated() {
        afterCommit();
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted() {
        afterCommit();
    }

    private void afterCommit() {
        if (subscriptions.size() == 0 || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                submitSoon();
            }
        });
    }

    /** One pass at a time; changes that commit while a pass is queued ride on it. */
    private void submitSoon() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        worker.execute(() -> {
            pending.set(false);
            try {
                submitter.runDeliveryPass();
            } catch (RuntimeException e) {
                log.warn("Prompt subscription submission failed; the scheduled pass will retry: {}", e.getMessage());
            }
        });
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        PromptSubscriptionDelivery promptSubscriptionDelivery(
                AsyncResourceModifiedSubmitterSvc submitter,
                SubscriptionRegistry subscriptions,
                ca.uhn.fhir.context.FhirContext fhirContext) {
            PromptSubscriptionDelivery interceptor =
                    new PromptSubscriptionDelivery(submitter, subscriptions, fhirContext);
            return interceptor;
        }
    }
}
