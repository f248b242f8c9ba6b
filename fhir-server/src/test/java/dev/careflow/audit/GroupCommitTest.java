package dev.careflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    @Test
    void whatIsHandedInDuringACommit_isWrittenAsOneBatch_andEachCallerWaitsForItsOwn() throws Exception {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommit<Integer> commits = new GroupCommit<>(
                "test",
                items -> {
                    firstStarted.countDown();
                    await(release);
                    batches.add(items);
                },
                100)) {
            CompletableFuture<Void> first = commits.submit(List.of(1));
            assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> others = new ArrayList<>();
            for (int i = 2; i <= 6; i++) {
                others.add(commits.submit(List.of(i, i * 10)));
            }
            assertThat(first).as("not answered before its commit").isNotDone();
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactly(1);
        assertThat(batches.get(1)).containsExactly(2, 20, 3, 30, 4, 40, 5, 50, 6, 60);
    }

    @Test
    void aBatchIsCappedButACallersItemsAreNeverSplit() throws Exception {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommit<Integer> commits = new GroupCommit<>(
                "test",
                items -> {
                    await(release);
                    batches.add(items);
                },
                3)) {
            CompletableFuture<Void> blocker = commits.submit(List.of(0));
            Thread.sleep(50);
            List<CompletableFuture<Void>> all = new ArrayList<>(List.of(blocker));
            all.add(commits.submit(List.of(1, 2)));
            all.add(commits.submit(List.of(3, 4)));
            all.add(commits.submit(List.of(5)));
            release.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        }
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5));
    }

    @Test
    void aFailedWrite_failsEveryCallerOfTheBatch() {
        try (GroupCommit<Integer> commits = new GroupCommit<>(
                "test",
                items -> {
                    throw new IllegalStateException("disk full");
                },
                10)) {
            assertThatThrownBy(() -> commits.write(List.of(1), Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("disk full");
        }
    }

    @Test
    void nothingToWrite_isDoneAtOnce_andAClosedWriterRefuses() {
        GroupCommit<Integer> commits = new GroupCommit<>("test", items -> {}, 10);
        assertThat(commits.submit(List.of())).isDone();
        commits.write(List.of(1), Duration.ofSeconds(5));
        commits.close();
        assertThat(commits.submit(List.of(2))).isCompletedExceptionally();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
