package org.edgegen.model.task;

/**
 * One text-to-image request of a user in one slot.
 *
 * @param inputBits        B_n, bits to upload (prompt, conditioning, parameters)
 * @param outputBits       O_n, bits of the generated image to download
 * @param maxError         ε^max_n, the largest generation error the user accepts
 * @param deadlineSeconds  T^max_n
 */
public record Task(int userId, double inputBits, double outputBits, double maxError, double deadlineSeconds) {}
