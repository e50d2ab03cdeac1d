package parakit.queues;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Q2. A first-in-first-out queue whose producers can wait until every item has been processed: Python's
 * {@code queue.Queue} with {@code task_done()} and {@code join()}. {@code java.util.concurrent}'s blocking queues
 * have no such count; this one is built, as Python's is, from a lock and conditions.
 *
 * <p>The queue keeps a count of <em>unfinished</em> items: {@link #put} adds one, {@link #taskDone} takes one off.
 * Taking an item out does not change it: an item is finished when a consumer says it is done with it.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Items come out in the order they were put. The queue is unbounded: {@link #put} never blocks.</li>
 *   <li>{@link #take} waits while the queue is empty, for a signal (it does not poll), until an item is put.</li>
 *   <li>{@link #join} returns once the count of unfinished items is zero: at once if it is zero already (a new
 *       queue, or every item put has been marked done); otherwise it waits for a signal, and the
 *       {@link #taskDone} that brings the count to zero wakes every thread waiting in {@code join}. A woken
 *       {@code join} returns only if the count is still zero: a {@link #put} that came before it ran again keeps it
 *       waiting for that item too.</li>
 *   <li>The count never goes below zero: a {@link #taskDone} when no item is unfinished throws
 *       {@link IllegalStateException} and changes nothing.</li>
 *   <li>A thread interrupted while it waits in {@link #take} or {@link #join} leaves with
 *       {@link InterruptedException} and has taken nothing; the queue is unchanged.</li>
 *   <li>All methods are safe to call from any number of threads at once.</li>
 * </ul>
 * Memory effects: actions before a {@code put} happen-before the {@code take} that returns that item; actions
 * before a {@code taskDone} happen-before the return of a {@code join} it (or a later one) released.
 *
 * @param <E> the type of the items
 */
public final class JoinableQueue<E> {

    // TODO JoinableQueue.state: Declare the state the methods share (the items, the count of unfinished ones), what guards it, and what
    //   lets threads wait for it to change (java.util.concurrent.locks, or a monitor).

    /**
     * Adds {@code item} at the tail and counts it as unfinished; wakes a thread waiting in {@link #take}.
     *
     * @throws NullPointerException if {@code item} is null (as every {@code java.util.concurrent} queue does);
     *                              the queue is then unchanged
     */
    public void put(E item) {
        // TODO JoinableQueue.put: Add the item at the tail and count it as unfinished (see the class comment).
        throw new UnsupportedOperationException("TODO JoinableQueue.put");
    }

    /**
     * Removes and returns the item at the head, waiting while the queue is empty. The item stays unfinished until
     * a {@link #taskDone} for it.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting; nothing is taken
     */
    public E take() throws InterruptedException {
        // TODO JoinableQueue.take: Remove and return the head, waiting for an item while the queue is empty.
        throw new UnsupportedOperationException("TODO JoinableQueue.take");
    }

    /**
     * Marks one unfinished item as done: a consumer calls it once for each item it took, when it has finished
     * with it. When the count of unfinished items reaches zero, every thread waiting in {@link #join} is released.
     *
     * @throws IllegalStateException if no item is unfinished (called more times than items were put); the count
     *                               stays zero
     */
    public void taskDone() {
        // TODO JoinableQueue.taskDone: Take one off the count of unfinished items (see the class comment for when that is an error and what
        //   reaching zero does).
        throw new UnsupportedOperationException("TODO JoinableQueue.taskDone");
    }

    /**
     * Waits until every item put so far has been marked done with {@link #taskDone} (not merely taken); returns at
     * once if none is unfinished.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting
     */
    public void join() throws InterruptedException {
        // TODO JoinableQueue.join: Wait until no item is unfinished.
        throw new UnsupportedOperationException("TODO JoinableQueue.join");
    }
}
